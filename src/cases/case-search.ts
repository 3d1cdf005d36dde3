// What the inbox search box understands (README "Search"): one query finds cases by
// - the citizen's words, stemmed by PostgreSQL's Indonesian snowball configuration ("rusak" finds
//   "kerusakan" and "merusak"), each word also as a prefix ("jemb" finds "jembatan");
//   websearch syntax when quotes, OR or -exclusions are used;
// - the citizen's name or handle, kecamatan or desa, and any part of a tracking number ("000083"),
//   by trigram (at least 3 characters);
// - a whole tracking number (SW-2026-000083) exactly.
// Every branch is answered by a GIN index (migration CaseSearch1766400000000); the expressions
// below must stay identical to the indexed ones or PostgreSQL falls back to scanning. The post
// text's tsvector is stored (posts.search_vector, kept by a trigger) so ranking does not re-parse.

const POST_TEXT = `{p}.search_vector`;
const POST_AUTHOR = `(coalesce({p}.author_name, '') || ' ' || coalesce({p}.author_username, ''))`;
const CASE_KEYS = `({c}.tracking_number || ' ' || coalesce({c}.location_kecamatan, '') || ' ' || coalesce({c}.location_desa, ''))`;

export interface SearchClause {
  /** A condition on the outer case alias `c`. */
  where: string;
  /** Relevance on the outer aliases `c` (case) and `p` (its opening post); higher first. */
  rank: string;
  /**
   * `where`, narrowed to the newest `n` matching cases. A word in a third of a million posts would
   * otherwise have every match collected (and ranked) for each page: seconds. Only exact when no
   * other filter narrows the matches further (see CaseRepository).
   */
  newest(n: number): string;
  params: Record<string, string>;
}

/** How many of the newest matches a relevance-ordered search ranks. */
export const RANKED_MATCHES = 5000;

const at = (expr: string, alias: Record<string, string>): string => expr.replace(/\{(\w)\}/g, (_, k: string) => alias[k]);
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The tsquery for what was typed, or null when nothing in it is a word. */
function textQuery(term: string): { sql: string; value: string } | null {
  // Bare operators (`- - - …`, 36 dashes) overflow PostgreSQL's tsquery stack: words or nothing.
  if (!/[\p{L}\p{N}]/u.test(term)) return null;
  if (/["]|(^|\s)-\S|\sor\s/i.test(term)) return { sql: `websearch_to_tsquery('indonesian', :sq_text)`, value: term };
  const words = term.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!words.length) return null;
  // Words are letters and digits only here, so they cannot carry tsquery operators.
  return { sql: `to_tsquery('indonesian', :sq_text)`, value: words.map((w) => `${w}:*`).join(' & ') };
}

/** `publicTextOnly`: for viewers who may not read private messages, their text is not searched either. */
export function searchClause(raw: string, opts: { publicTextOnly?: boolean } = {}): SearchClause | null {
  const term = raw.trim();
  if (!term) return null;
  if (/^SW-\d{4}-\d{1,9}$/i.test(term)) return { where: 'c.tracking_number = :sq_tn', newest: () => 'c.tracking_number = :sq_tn', rank: '1', params: { sq_tn: term.toUpperCase() } };
  const text = textQuery(term);
  const bare = term.replace(/^@/, '');
  const like = bare.length >= 3 ? `%${escapeLike(bare)}%` : null;
  const params: Record<string, string> = {};
  const postConds: string[] = [];
  if (text) {
    params.sq_text = text.value;
    const visible = opts.publicTextOnly ? ` AND sp.platform <> 'whatsapp' AND sp.kind <> 'direct_message'` : '';
    postConds.push(`(${at(POST_TEXT, { p: 'sp' })} @@ ${text.sql}${visible})`);
  }
  if (like) {
    params.sq_like = like;
    postConds.push(`${at(POST_AUTHOR, { p: 'sp' })} ILIKE :sq_like`);
  }
  if (!postConds.length) return { where: 'false', newest: () => 'false', rank: '0', params };
  const branches = [`SELECT sp.case_id FROM posts sp WHERE sp.case_id IS NOT NULL AND (${postConds.join(' OR ')})`];
  if (like) branches.push(`SELECT sc.id FROM cases sc WHERE ${at(CASE_KEYS, { c: 'sc' })} ILIKE :sq_like`);
  const newest = (n: number): string[] => {
    const k = Math.max(1, Math.floor(n));
    return [`(${branches[0]} ORDER BY sp.case_id DESC LIMIT ${k})`, ...(like ? [`(${branches[1]} ORDER BY sc.id DESC LIMIT ${k})`] : [])];
  };
  const rank = [
    like ? `CASE WHEN c.tracking_number ILIKE :sq_like THEN 8 ELSE 0 END` : null,
    like ? `CASE WHEN ${at(POST_AUTHOR, { p: 'p' })} ILIKE :sq_like THEN 4 ELSE 0 END` : null,
    like ? `CASE WHEN (coalesce(c.location_kecamatan, '') || ' ' || coalesce(c.location_desa, '')) ILIKE :sq_like THEN 2 ELSE 0 END` : null,
    // Normalisation 32 keeps the text's rank below 1, under the exact-field matches above.
    text ? `ts_rank_cd(${at(POST_TEXT, { p: 'p' })}, ${text.sql}, 32)` : null,
  ].filter(Boolean);
  // ARRAY(...) is computed first and probed by primary key; an IN (subquery) let the planner guess
  // a large set and hash-join it against every case.
  return {
    where: `c.id = ANY(ARRAY(${branches.join(' UNION ')}))`,
    // Each branch is limited on its own too: for a common word the planner then walks ix_posts_case
    // backwards and stops after the newest matches (tens of ms at 1M) instead of collecting them all.
    newest: (n) => `c.id = ANY(ARRAY(SELECT m.id FROM (${newest(n).join(' UNION ')}) AS m(id) ORDER BY m.id DESC LIMIT ${Math.max(1, Math.floor(n))}))`,
    rank: `round((${rank.join(' + ')})::numeric, 6)`,
    params,
  };
}
