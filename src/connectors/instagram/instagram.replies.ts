import type { ItemState, NormalizedItem, ReplyResult, ReplyTarget } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import {
  findInList,
  isGoneError,
  metaSec,
  sameText,
  validGraphId,
  type GraphClient,
} from '../facebook/graph.js';
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
    const what = 'Instagram mention';
    // The ids end up inside a field expansion: only Graph-shaped ids get there.
    validGraphId(mediaId, what);
    if (commentId !== undefined) validGraphId(commentId, what);
    const fields = commentId
      ? `mentioned_comment.comment_id(${commentId}){id,text,timestamp,like_count,from{id,username},username,media{id,permalink,username}}`
      : `mentioned_media.media_id(${mediaId}){id,caption,timestamp,permalink,username,media_type,media_product_type}`;
    let body: Record<string, unknown> | null;
    try {
      body = (await this.graph.get(`/${this.ig}`, { fields }, what, signal)) as Record<
        string,
        unknown
      > | null;
    } catch (e) {
      if (isGoneError(e)) return null;
      throw e;
    }
    const inner = (commentId ? body?.mentioned_comment : body?.mentioned_media) as
      IgComment | IgMedia | undefined;
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

  /** §6.5: our reply with the same text under the target comment (or on the media). */
  async findReply(target: ReplyTarget, text: string, signal?: AbortSignal): Promise<ReplyResult | null> {
    const what = 'Instagram reply lookup';
    const x = target.extra ?? {};
    // Replies on others' media cannot be listed: refuse rather than answer "not found" and let
    // the caller post twice.
    if (x.kind === 'mention')
      throw new ConnectorError(
        'invalid_request',
        `${what}: replies to mentions cannot be listed; check by hand before resending`,
      );
    const hit = await findInList<IgComment>(
      this.graph,
      `/${validGraphId(target.targetId, what)}/${x.kind === 'media' ? 'comments' : 'replies'}`,
      { fields: IG_REPLY_FIELDS, limit: 50 },
      (c) => isOwn(c, this.ig, this.handle) && sameText(c.text, text),
      what,
      signal,
    );
    if (!hit) return null;
    const at = metaSec(hit.timestamp);
    return { externalId: hit.id, postedAt: (at ? new Date(at * 1000) : this.now()).toISOString(), raw: hit };
  }

  /** Re-reads items by id; a comment that vanished (no tombstones on Instagram, §2.4) is deleted. */
  async refreshItems(refs: Array<{ externalId: string; replyTarget: ReplyTarget }>): Promise<ItemState[]> {
    const out: ItemState[] = [];
    for (const r of refs) {
      const x = r.replyTarget.extra ?? {};
      if (x.kind === 'mention') {
        const m = await this.fetchMention(x.mediaId ?? r.replyTarget.targetId, x.commentId);
        out.push(
          m
            ? { externalId: r.externalId, deleted: false, text: m.text }
            : { externalId: r.externalId, deleted: true },
        );
        continue;
      }
      try {
        const path = `/${validGraphId(r.externalId, 'Instagram refresh')}`;
        const body = (await this.graph.get(path, { fields: 'id,text,hidden' }, 'Instagram refresh')) as
          IgComment | false;
        if (!body || typeof body.id !== 'string') out.push({ externalId: r.externalId, deleted: true });
        else
          out.push({
            externalId: r.externalId,
            deleted: false,
            text: typeof body.text === 'string' ? body.text : undefined,
          });
      } catch (e) {
        if (isGoneError(e)) out.push({ externalId: r.externalId, deleted: true });
        else throw e;
      }
    }
    return out;
  }
}
