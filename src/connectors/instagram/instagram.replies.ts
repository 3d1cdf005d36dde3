import type { ItemState, NormalizedItem, RefreshRef, ReplyResult, ReplyTarget } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import {
  findInList,
  isDefinitelyGone,
  isGoneError,
  isGraphList,
  metaSec,
  readByIds,
  sameText,
  validGraphId,
  type GraphClient,
} from '../facebook/graph.js';

const MAX_TAG_PAGES = 20;
import { IG_REPLY_FIELDS, isOwn, mapIgMention } from './instagram.mapper.js';
import type { IgComment, IgMedia } from './instagram.types.js';

/** Mentions read by id, replies as the account, the §6.5 lookup and re-reads (§2.2a, §2.2c). */
export class InstagramReplies {
  constructor(
    private readonly graph: GraphClient,
    private readonly ig: string,
    private readonly handle: string,
    private readonly now: () => Date,
  ) {}

  /** Reads a mention from the ids of a `mentions` webhook (§2.7); null if it cannot be read. */
  async fetchMention(
    mediaId: string,
    commentId?: string,
    signal?: AbortSignal,
  ): Promise<NormalizedItem | null> {
    try {
      return await this.readMention(mediaId, commentId, signal);
    } catch (e) {
      if (isGoneError(e)) return null;
      throw e;
    }
  }

  /** Like fetchMention, but a failed read throws (the refresh tells "gone" from "unreadable"). */
  private async readMention(mediaId: string, commentId: string | undefined, signal?: AbortSignal): Promise<NormalizedItem | null> {
    const what = 'Instagram mention';
    // The ids end up inside a field expansion: only Graph-shaped ids get there.
    validGraphId(mediaId, what);
    if (commentId !== undefined) validGraphId(commentId, what);
    const fields = commentId
      ? `mentioned_comment.comment_id(${commentId}){id,text,timestamp,like_count,from{id,username},username,media{id,permalink,username}}`
      : `mentioned_media.media_id(${mediaId}){id,caption,timestamp,permalink,username,media_type,media_product_type}`;
    const body = (await this.graph.get(`/${this.ig}`, { fields }, what, signal)) as Record<string, unknown> | null;
    const inner = (commentId ? body?.mentioned_comment : body?.mentioned_media) as IgComment | IgMedia | undefined;
    if (!inner || typeof inner.id !== 'string') return null;
    return mapIgMention(inner, this.ig, mediaId, commentId, this.now());
  }

  /** Under a comment: /{comment}/replies; on a media: /{media}/comments; a mention: /{ig-user}/mentions. */
  async reply(target: ReplyTarget, text: string, signal?: AbortSignal): Promise<ReplyResult> {
    const what = 'Instagram reply';
    const x = target.extra ?? {};
    const id = validGraphId(target.targetId, what);
    let body: { id?: unknown };
    if (x.kind === 'mention') {
      const form: Record<string, string> = { media_id: validGraphId(x.mediaId ?? id, what), message: text };
      if (x.commentId) form.comment_id = validGraphId(x.commentId, what);
      body = (await this.graph.post(`/${this.ig}/mentions`, form, what, signal)) as { id?: unknown };
    } else {
      const path = x.kind === 'media' ? `/${id}/comments` : `/${id}/replies`;
      body = (await this.graph.post(path, { message: text }, what, signal)) as { id?: unknown };
    }
    if (typeof body?.id !== 'string')
      throw new ConnectorError('malformed_response', `${what}: no id in response`);
    return { externalId: body.id, postedAt: this.now().toISOString(), raw: body };
  }

  /**
   * §6.5: our reply with the same text where Instagram filed it: on the media, or under the
   * top-level comment, since a reply to a reply lands in the top-level thread (§2.2c). The mapper
   * already targets the top-level comment; a target that is itself a reply is resolved here.
   */
  async findReply(
    target: ReplyTarget,
    text: string,
    opts: { signal?: AbortSignal; notBefore?: Date } = {},
  ): Promise<ReplyResult | null> {
    const what = 'Instagram reply lookup';
    const x = target.extra ?? {};
    // Replies on others' media cannot be listed: refuse rather than answer "not found" and let
    // the caller post twice.
    if (x.kind === 'mention')
      throw new ConnectorError(
        'invalid_request',
        `${what}: replies to mentions cannot be listed; check by hand before resending`,
      );
    let where = validGraphId(target.targetId, what);
    if (x.kind !== 'media') {
      let c: IgComment | null;
      try {
        c = (await this.graph.get(`/${where}`, { fields: 'id,parent_id' }, what, opts.signal)) as IgComment | null;
      } catch (e) {
        // Replies of a deleted comment are unavailable (§2.2a): whatever was posted is gone with it.
        if (isDefinitelyGone(e)) return null;
        throw e;
      }
      if (typeof c?.parent_id === 'string' && /^\d{1,40}$/.test(c.parent_id)) where = c.parent_id;
    }
    const floor = opts.notBefore ? Math.floor(opts.notBefore.getTime() / 1000) - 120 : undefined;
    const hit = await findInList<IgComment>(
      this.graph,
      `/${where}/${x.kind === 'media' ? 'comments' : 'replies'}`,
      { fields: IG_REPLY_FIELDS, limit: 50 },
      (c) =>
        isOwn(c, this.ig, this.handle) &&
        sameText(c.text, text) &&
        (floor === undefined || (metaSec(c.timestamp) ?? floor) >= floor),
      what,
      opts.signal,
    );
    if (!hit) return null;
    const at = metaSec(hit.timestamp);
    return { externalId: hit.id, postedAt: (at ? new Date(at * 1000) : this.now()).toISOString(), raw: hit };
  }

  /**
   * Re-reads items: comments on our media 50 a call (`GET /?ids=`, §1.3a), a vanished one is
   * deleted (no tombstones, §2.4); mentions one by one, as only the mentioned_* expansions read
   * comments on others' media (§2.2a); photo tags by listing `/tags` (§2.2a), where a tag missing
   * from the complete listing is gone (untagged or deleted).
   */
  async refreshItems(refs: RefreshRef[], opts: { signal?: AbortSignal } = {}): Promise<ItemState[]> {
    const out: ItemState[] = [];
    const comments: string[] = [];
    const tags: string[] = [];
    for (const r of refs) {
      const x = r.replyTarget?.extra ?? {};
      if (r.kind === 'tag') tags.push(r.externalId);
      else if (x.kind === 'mention') {
        try {
          const m = await this.readMention(x.mediaId ?? r.replyTarget.targetId, x.commentId, opts.signal);
          if (m) out.push({ externalId: r.externalId, deleted: false, text: m.text });
        } catch (e) {
          if (!isDefinitelyGone(e)) throw e;
          out.push({ externalId: r.externalId, deleted: true });
        }
      } else comments.push(r.externalId);
    }
    if (comments.length) {
      const { found, gone } = await readByIds<IgComment>(this.graph, comments, 'id,text,hidden', 'Instagram refresh', opts.signal);
      for (const id of gone) out.push({ externalId: id, deleted: true });
      for (const [id, c] of found)
        out.push({ externalId: id, deleted: false, ...(typeof c.text === 'string' ? { text: c.text } : {}) });
    }
    if (tags.length) out.push(...(await this.refreshTags(tags, opts.signal)));
    return out;
  }

  private async refreshTags(ids: string[], signal?: AbortSignal): Promise<ItemState[]> {
    const what = 'Instagram tags refresh';
    const want = new Set(ids);
    const out: ItemState[] = [];
    let next: string | undefined;
    for (let page = 0; page < MAX_TAG_PAGES; page++) {
      const body = await this.graph.get(next ?? `/${this.ig}/tags`, next ? undefined : { fields: 'id,caption', limit: 50 }, what, signal);
      if (!isGraphList(body)) throw new ConnectorError('malformed_response', `${what}: unexpected body shape`);
      for (const m of body.data as IgMedia[])
        if (want.delete(m.id)) out.push({ externalId: m.id, deleted: false, ...(typeof m.caption === 'string' ? { text: m.caption } : {}) });
      next = body.paging?.next;
      if (!want.size) return out;
      // Only a listing read to its end proves a tag is gone.
      if (!next) return [...out, ...[...want].map((id) => ({ externalId: id, deleted: true }))];
    }
    return out;
  }
}
