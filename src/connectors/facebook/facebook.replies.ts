import type { ItemState, RefreshRef, ReplyResult, ReplyTarget } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { isFromPage } from './facebook.mapper.js';
import type { FbComment, FbPost } from './facebook.types.js';
import { findInList, isDefinitelyGone, metaSec, readByIds, sameText, validGraphId, type GraphClient } from './graph.js';

// Our reply may carry a server time a little before the moment we stored it (clock skew).
const SKEW_SEC = 120;

/** Replying as the Page, finding a reply after an unknown outcome, re-reading items (§1.3c, §6.5). */
export class FacebookReplies {
  constructor(
    private readonly graph: GraphClient,
    private readonly pageId: string,
    private readonly now: () => Date,
  ) {}

  /** POST /{comment-id}/comments answers in the comment's thread; /{post-id}/comments on the post. */
  async reply(target: ReplyTarget, text: string, signal?: AbortSignal): Promise<ReplyResult> {
    const what = 'Facebook reply';
    const path = `/${validGraphId(target.targetId, what)}/comments`;
    const body = (await this.graph.post(path, { message: text }, what, signal)) as { id?: unknown };
    if (typeof body?.id !== 'string')
      throw new ConnectorError('malformed_response', `${what}: no id in response`);
    return { externalId: body.id, postedAt: this.now().toISOString(), raw: body };
  }

  /**
   * §6.5: a comment by the Page with the same text where Graph filed it. Comment threads are two
   * levels deep: a reply to a reply is filed under the top-level comment (§1.3c), so for a
   * second-level target the search runs under its parent. If the target is gone, the reply may
   * still stand in the post's thread: the post's comments (all levels) are searched instead.
   */
  async findReply(
    target: ReplyTarget,
    text: string,
    opts: { signal?: AbortSignal; notBefore?: Date } = {},
  ): Promise<ReplyResult | null> {
    const what = 'Facebook reply lookup';
    const id = validGraphId(target.targetId, what);
    let where = id;
    let stream = false;
    if (target.extra?.kind === 'comment') {
      try {
        const c = (await this.graph.get(`/${id}`, { fields: 'id,parent{id}' }, what, opts.signal)) as FbComment | null;
        const parent = c?.parent?.id;
        if (typeof parent === 'string' && parent !== target.extra.postId) where = validGraphId(parent, what);
      } catch (e) {
        if (!isDefinitelyGone(e) || !target.extra.postId) throw e;
        where = validGraphId(target.extra.postId, what);
        stream = true;
      }
    }
    const floor = opts.notBefore ? Math.floor(opts.notBefore.getTime() / 1000) - SKEW_SEC : undefined;
    const hit = await findInList<FbComment>(
      this.graph,
      `/${where}/comments`,
      {
        order: 'reverse_chronological',
        fields: 'id,message,created_time,from{id,name},parent{id}',
        limit: 100,
        ...(stream ? { filter: 'stream' } : {}),
      },
      (c) =>
        isFromPage(c.from, this.pageId) &&
        sameText(c.message, text) &&
        (floor === undefined || (metaSec(c.created_time) ?? floor) >= floor),
      what,
      opts.signal,
    );
    if (!hit) return null;
    const at = metaSec(hit.created_time);
    return { externalId: hit.id, postedAt: (at ? new Date(at * 1000) : this.now()).toISOString(), raw: hit };
  }

  /**
   * Re-reads posts and comments, 50 a call (`GET /?ids=`, §1.3a; §1.6 step 6). One field list
   * serves both node types (a field one lacks, like `story` on a comment, would fail the whole
   * call), so a post known by its `story` only gets no text back: its deletion is still seen.
   */
  async refreshItems(refs: RefreshRef[], opts: { signal?: AbortSignal } = {}): Promise<ItemState[]> {
    const ids = refs.map((r) => r.externalId);
    const { found, gone } = await readByIds<FbPost>(this.graph, ids, 'id,message', 'Facebook refresh', opts.signal);
    const out: ItemState[] = [...gone].map((id) => ({ externalId: id, deleted: true }));
    for (const [id, body] of found)
      out.push({ externalId: id, deleted: false, ...(typeof body.message === 'string' ? { text: body.message } : {}) });
    return out;
  }
}
