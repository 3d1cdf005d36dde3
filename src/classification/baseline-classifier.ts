import type { Intent, Sentiment } from '../cases/case.types.js';
import { KeywordRouter, normaliseForKeywords, type KeywordRules } from '../routing/keyword-router.js';
import type { Classification, CitizenTextClassifier } from './classification.types.js';
import type { LocationExtractor } from './location-extractor.js';

// A first, rule-based classifier: keyword rules from the OPD registry and a few cue words. It is
// the fallback when no trained model is available.

const QUESTION = /\b(apa|apakah|bagaimana|gimana|gmn|kapan|kpn|dimana|di mana|berapa|bisakah|bisa kah|boleh|syarat|caranya|mohon info|minta info|tanya)\b|\?/;
const COMPLAINT = /\b(rusak|mati|tidak|tdk|gak|ga|nggak|belum|blm|lambat|parah|kecewa|pungli|bocor|menumpuk|banjir|macet|keruh|lubang|berlubang|telat|mahal|kotor|bau|hilang|susah|sulit|dipersulit|kebakaran|longsor|putus|mogok|korupsi|padam|sepi|gelap)\b/;
const ASPIRATION = /\b(usul|usulan|saran|sebaiknya|semoga|harap|berharap|mohon dibangun|tolong dibangun|perlu|adakan|diadakan|ditambah|tambahkan|program|dibuatkan|bikin)\b/;
const POSITIVE = /\b(terima kasih|makasih|mantap|bagus|keren|hebat|sukses|alhamdulillah|puas|cepat tanggap|luar biasa|salut|apresiasi)\b/;
const NEGATIVE = /\b(rusak|kecewa|parah|buruk|lambat|kotor|bau|marah|malu|bobrok|payah|mengecewakan|pungli|korupsi|mati|bocor|hancur)\b/;

export class BaselineClassifier implements CitizenTextClassifier {
  readonly version = 'baseline-rules-1';
  private readonly router: KeywordRouter;

  constructor(
    rules: KeywordRules,
    private readonly locations: LocationExtractor,
  ) {
    this.router = new KeywordRouter(rules);
  }

  classify(text: string): Classification {
    const t = normaliseForKeywords(text);
    const raw = text.toLowerCase();
    const scores = this.router.score(t);
    const top = scores[0];
    const complaint = COMPLAINT.test(t);
    const question = QUESTION.test(raw);
    const aspiration = ASPIRATION.test(t);
    let intent: Intent = 'other';
    if (top) intent = complaint ? 'complaint' : aspiration ? 'aspiration' : question ? 'question' : 'complaint';
    else if (question) intent = 'question';
    const pos = POSITIVE.test(t);
    const neg = NEGATIVE.test(t) || (complaint && intent === 'complaint');
    const sentiment: Sentiment = neg && !pos ? 'negative' : pos && !neg ? 'positive' : 'neutral';
    const margin = top ? (top.score - (scores[1]?.score ?? 0)) / (top.score + 1) : 0;
    return {
      intent,
      intentConfidence: top ? 0.7 : intent === 'other' ? 0.6 : 0.4,
      sentiment,
      sentimentConfidence: 0.6,
      topic: top?.matched[0] ?? null,
      opdCode: top?.opdCode ?? null,
      routingConfidence: top ? Math.min(0.95, 0.5 + margin) : 0,
      location: this.locations.extract(text),
      modelVersion: this.version,
    };
  }
}
