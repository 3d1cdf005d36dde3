import type { ItemState, ReplyResult, ReplyTarget } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { isFromPage, postText } from './facebook.mapper.js';
import type { FbComment, FbPost } from './facebook.types.js';
import { findInList, isGoneError, metaSec, sameText, validGraphId, type GraphClient } from './graph.js';

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

  /** §6.5: a comment by the Page with the same text among the target's comments. */
  async findReply(target: ReplyTarget, text: string, signal?: AbortSignal): Promise<ReplyResult | null> {
    const what = 'Facebook reply lookup';
    const hit = await findInList<FbComment>(
      this.graph,
      `/${validGraphId(target.targetId, what)}/comments`,
      { order: 'reverse_chronological', fields: 'id,message,created_time,from{id,name}', limit: 100 },
      (c) => isFromPage(c.from, this.pageId) && sameText(c.message, text),
      what,
      signal,
    );
    if (!hit) return null;
    const at = metaSec(hit.created_time);
    return { externalId: hit.id, postedAt: (at ? new Date(at * 1000) : this.now()).toISOString(), raw: hit };
  }

  /** Re-reads items by id (§1.6 step 6): Graph error 100 or an empty answer means deleted. */
  async refreshItems(refs: Array<{ externalId: string; replyTarget: ReplyTarget }>): Promise<ItemState[]> {
    const out: ItemState[] = [];
    for (const r of refs) {
      const fields = r.replyTarget.extra?.kind === 'post' ? 'id,message,story' : 'id,message';
      try {
        const body = (await this.graph.get(
          `/${validGraphId(r.externalId, 'Facebook refresh')}`,
          { fields },
          'Facebook refresh',
        )) as FbPost | false;
        if (!body || typeof body !== 'object' || typeof body.id !== 'string')
          out.push({ externalId: r.externalId, deleted: true });
        else out.push({ externalId: r.externalId, deleted: false, text: postText(body) });
      } catch (e) {
        if (isGoneError(e)) out.push({ externalId: r.externalId, deleted: true });
        else throw e;
      }
    }
    return out;
  }
}
