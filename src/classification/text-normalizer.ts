import { createRequire } from 'node:module';
import type { NormalizerLexicon } from './normalizer-lexicon.js';

// Normalises Indonesian as citizens write it into words, stems and signal tokens. Pure CPU; the
// per-token work (squeezing, slang, stemming at ~20 µs a word) is cached, so a warm normaliser
// mostly does one Map lookup per token.

const require = createRequire(import.meta.url);
// natural's Sastrawi port, imported directly: the natural index loads storage backends and prints
// dotenv banners. Its tokenizer drops capitals, so tokenising is done here with a Unicode regex.
const stemmer = require('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as { stem(word: string): string };

export interface NormalizedText {
  /** Normalised words in order: lower case, slang expanded, particles dropped, digits kept. */
  words: string[];
  /** Stems of `words` (same length); numbers become `_num`. */
  stems: string[];
  /** Signals: _emo_pos, _emo_neg, _emo_sad, _tawa, _emoji, _q, _excl, _url, _mention, _hashtag, _caps. */
  signals: string[];
}

// Emoji and emoticons as sentiment signals; other pictographs count as `_emoji`.
const EMOJI_SIGNAL = new Map<string, string>();
const addEmoji = (signal: string, chars: string): void => {
  for (const c of chars.split(' ')) EMOJI_SIGNAL.set(c, signal);
};
addEmoji('_emo_pos', '😊 🙂 😀 😃 😄 😁 😍 🥰 😘 🤩 👍 👏 🙌 💪 ❤ 💙 💚 💛 🧡 💜 ♥ 😇 🎉 ✨ 🌹 💯 ✅ 🤗 😎 ☀ 🌞 🥳 👌 ⭐ 🌟');
addEmoji('_emo_neg', '😡 😠 🤬 😤 🙄 😒 😑 😐 👎 💢 🤮 🤢 😾 🖕 ⚠ ❌ 🚫 💩 🤦 😈');
addEmoji('_emo_sad', '😭 😢 😞 😔 😟 😥 😩 😫 😣 😖 😓 🥺 💔 😿 😪 😰 😨 😱');
addEmoji('_tawa', '😂 🤣 😆 😅 😹');
addEmoji('_doa', '🙏 🤲');
const EMOTICONS: Array<[RegExp, string]> = [
  [/(?:^|\s)[:;=]-?[)D]+(?=\s|$)/g, ' _emo_pos '],
  [/(?:^|\s)[:;=]-?\(+(?=\s|$)/g, ' _emo_sad '],
  [/(?:^|\s)<3(?=\s|$)/g, ' _emo_pos '],
];

const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const MENTION = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.]+/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const PICTO = /\p{Extended_Pictographic}/u;
const TOKEN = /_[a-z_]+|[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*'?/gu;
const LAUGH = /^(?:(?:wk)+w?|(?:ha){2,}h?|(?:hi){2,}|(?:xi){2,}|(?:kwk)+)$/;
// Makassar/Bugis enclitics glued to a word ("adaji", "datangmi", "bisaki").
const ENCLITIC = /^(.{3,}?)(ji|mi|ki|mo|pi|ta)$/;
// Javanese and Bugis definite suffix glued to a word ("dalane", "banyune", "puskesmase", "bolae").
const DEFINITE = /^(.{4,}?)n?e$/;
// Short hosts an enclitic may follow; longer hosts only need to be known words. Keeps "Bongki" whole.
const SHORT_HOSTS = new Set(['ada', 'apa', 'baik', 'bisa', 'dia', 'dulu', 'ini', 'itu', 'iya', 'juga', 'lagi', 'lama', 'mana', 'mau', 'sama', 'sini', 'situ', 'suka']);
const MAX_CACHE = 200_000;

interface TokenResult {
  words: string[];
  stems: string[];
}

export class TextNormalizer {
  private readonly tokenCache = new Map<string, TokenResult>();
  private readonly stemCache = new Map<string, string>();

  constructor(private readonly lexicon: NormalizerLexicon) {}

  normalize(text: string): NormalizedText {
    const signals: string[] = [];
    let t = text.normalize('NFC').replace(/[’‘`´]/g, "'");
    t = t.replace(URL, () => (signals.push('_url'), ' '));
    t = t.replace(MENTION, (_m, before: string) => (signals.push('_mention'), `${before} `));
    t = t.replace(HASHTAG, (_m, tag: string) => (signals.push('_hashtag'), ` ${this.splitHashtag(tag)} `));
    const letters = t.replace(/[^\p{L}]/gu, '');
    if (letters.length >= 12 && letters.replace(/\P{Lu}/gu, '').length / letters.length > 0.7) signals.push('_caps');
    t = this.extractEmoji(t, signals);
    for (const [re, sig] of EMOTICONS) t = t.replace(re, sig);
    const q = (t.match(/\?/g) ?? []).length;
    if (q) signals.push('_q', ...(q > 1 ? ['_qq'] : []));
    const excl = (t.match(/!/g) ?? []).length;
    if (excl) signals.push('_excl', ...(excl > 1 ? ['_exclx'] : []));
    t = t
      .toLowerCase()
      .replace(/(\p{L}{2,})2(?![\p{N}])/gu, '$1') // reduplication: anak2, jauh2
      .replace(/(\p{N})(\p{L})/gu, '$1 $2') // 5rb, 3hari
      .replace(/(\p{L})(\p{N})/gu, '$1 $2');
    const words: string[] = [];
    const stems: string[] = [];
    for (const m of t.matchAll(TOKEN)) {
      const tok = m[0];
      if (tok.startsWith('_')) {
        signals.push(tok);
        continue;
      }
      const r = this.token(tok);
      for (let i = 0; i < r.words.length; i++) {
        if (r.words[i].startsWith('_')) signals.push(r.words[i]);
        else {
          words.push(r.words[i]);
          stems.push(r.stems[i]);
        }
      }
    }
    return { words, stems, signals };
  }

  /** Stem of one lower-case word, cached. */
  stem(word: string): string {
    let s = this.stemCache.get(word);
    if (s === undefined) {
      s = /^\p{N}+$/u.test(word) ? '_num' : stemmer.stem(word);
      if (this.stemCache.size > MAX_CACHE) this.stemCache.clear();
      this.stemCache.set(word, s);
    }
    return s;
  }

  private extractEmoji(t: string, signals: string[]): string {
    if (!/[\u2600-\u27bf\u{1f000}-\u{1faff}]/u.test(t)) return t;
    let out = '';
    for (const ch of t) {
      const sig = EMOJI_SIGNAL.get(ch);
      if (sig) signals.push(sig);
      else if (PICTO.test(ch)) signals.push('_emoji');
      else {
        out += ch;
        continue;
      }
      out += ' ';
    }
    return out;
  }

  private token(raw: string): TokenResult {
    const hit = this.tokenCache.get(raw);
    if (hit) return hit;
    const words = this.normalizeToken(raw);
    const r = { words, stems: words.map((w) => (w.startsWith('_') ? w : this.stem(w))) };
    if (this.tokenCache.size > MAX_CACHE) this.tokenCache.clear();
    this.tokenCache.set(raw, r);
    return r;
  }

  private normalizeToken(raw: string): string[] {
    const { slang } = this.lexicon;
    const direct = slang.get(raw);
    if (direct) return direct;
    let w = raw.endsWith("'") ? raw.slice(0, -1) : raw;
    if (LAUGH.test(w)) return ['_tawa'];
    w = this.squeeze(w);
    const s = slang.get(w);
    if (s) return s;
    if (w.includes('-')) {
      const [first, ...rest] = w.split('-');
      // Reduplication (anak-anak, kerja-kerjanya) is left to the stemmer; other compounds split.
      if (rest.length === 1 && rest[0].startsWith(first)) return [w];
      return w.split('-').flatMap((p) => (p ? this.normalizeToken(p) : []));
    }
    if (!this.isKnown(w)) {
      const m = ENCLITIC.exec(w);
      if (m && (m[1].length >= 5 || SHORT_HOSTS.has(m[1])) && this.isKnown(m[1])) return [...(slang.get(m[1]) ?? [m[1]])];
      const d = this.definiteHost(w);
      if (d) return [...(slang.get(d) ?? [d])];
    }
    return [w];
  }

  /** "banyune" -> "banyu", "puskesmase" -> "puskesmas": the host of a -e/-ne suffix when that is a known word. */
  private definiteHost(w: string): string | undefined {
    if (!DEFINITE.test(w)) return undefined;
    const e = w.slice(0, -1);
    if (this.isKnown(e)) return e;
    const ne = w.slice(0, -2);
    return w.endsWith('ne') && /[aiou]$/.test(ne) && ne.length >= 4 && this.isKnown(ne) ? ne : undefined;
  }

  /** "parahhh" -> "parah", "maaaf" -> "maaf", "tolongg" -> "tolong": picks a known spelling when it can. */
  private squeeze(w: string): string {
    if (!/(\p{L})\1/u.test(w)) return w;
    const one = w.replace(/(\p{L})\1+/gu, '$1');
    if (/(\p{L})\1\1/u.test(w)) {
      // Three or more: surely emphasis. Keep a double only where that is the real word (maaaf).
      const two = w.replace(/(\p{L})\1{2,}/gu, '$1$1');
      return this.isKnown(two) && !this.isKnown(one) ? two : one;
    }
    // A double may be real (saat, maaf): squeeze only when that turns an unknown word into a known one.
    return !this.isKnown(w) && this.isKnown(one) ? one : w;
  }

  private isKnown(w: string): boolean {
    const { roots, slang } = this.lexicon;
    return roots.has(w) || slang.has(w) || roots.has(this.stem(w));
  }

  /** "#SinjaiBersatu" -> "sinjai bersatu"; "#jalanrusak" -> "jalan rusak" when every piece is a known word. */
  splitHashtag(tag: string): string {
    const camel = tag.replace(/_/g, ' ').replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
    return camel
      .toLowerCase()
      .split(/\s+/)
      .map((part) => this.segment(part) ?? part)
      .join(' ');
  }

  // Fewest-pieces segmentation of a joined word into known words of 3+ letters.
  private segment(s: string): string | undefined {
    if (s.length < 6 || s.length > 40 || this.isKnown(s)) return undefined;
    const best: Array<string[] | undefined> = [[]];
    for (let end = 1; end <= s.length; end++)
      for (let start = Math.max(0, end - 15); start <= end - 3; start++) {
        const prev = best[start];
        const piece = s.slice(start, end);
        if (prev && this.isKnown(piece) && (!best[end] || best[end]!.length > prev.length + 1)) best[end] = [...prev, piece];
      }
    const r = best[s.length];
    return r && r.length > 1 ? r.join(' ') : undefined;
  }
}
