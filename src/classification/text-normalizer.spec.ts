import { join } from 'node:path';
import { loadNormalizerLexicon, parseSlangTsv } from './normalizer-lexicon.js';
import { TextNormalizer } from './text-normalizer.js';

const normalizer = new TextNormalizer(loadNormalizerLexicon(join(process.cwd(), 'config')));
const words = (s: string): string => normalizer.normalize(s).words.join(' ');
const signals = (s: string): string[] => normalizer.normalize(s).signals;

describe('TextNormalizer', () => {
  it.each([
    ['lower-cases and keeps plain words', 'Jalan RUSAK di Sinjai', 'jalan rusak di sinjai'],
    ['should squeeze repeated letters when they are emphasis', 'parahhh tolooong pakkk', 'parah tolong pak'],
    ['should keep a real double letter', 'maaaf pak, saat ini', 'maaf pak saat ini'],
    ['should squeeze a trailing double when that makes a known word', 'tolongg', 'tolong'],
    ['should expand negations', 'gak ga nggak gk tdk ndak blm', 'tidak tidak tidak tidak tidak tidak belum'],
    ['should expand question words', 'gmn knp kpn brp', 'bagaimana kenapa kapan berapa'],
    ['should expand common abbreviations', 'yg udh jln tlg dgn sy', 'yang sudah jalan tolong dengan saya'],
    ['should map bgt to banget, not sekali', 'mahal bgt', 'mahal banget'],
    ['should drop or translate regional particles', "bagusmi ini di', adaji tawwa", 'bagus ini ya ada wah'],
    ['should drop Javanese/Jakarta particles', 'gimana sih dong', 'bagaimana'],
    ['should keep Bongki whole (not an enclitic)', 'di Bongki', 'di bongki'],
    ['should split numbers glued to words', 'parkir 5rb skrg, 3hari', 'parkir 5 ribu sekarang 3 hari'],
    ['should drop the reduplication digit', 'anak2 jauh2', 'anak jauh'],
    ['should unify KTP-el spellings', 'KTP-el, e-KTP, ektp', 'ktp ktp ktp'],
    ['should expand public-service abbreviations', 'PJU mati, RTLH', 'pju lampu jalan mati rtlh rumah tidak layak huni'],
    ['should keep words of hashtags and split camelCase', '#SinjaiBersatu', 'sinjai bersatu'],
    ['should split joined hashtags made of known words', '#jalanrusak', 'jalan rusak'],
    ['should drop URLs and mentions', '@pemkabsinjai cek https://t.co/abc ini', 'cek ini'],
    ['should expand abbreviations written without vowels', 'smpah numpk dpn rmh, lmpu mati sbln', 'sampah numpuk depan rumah lampu mati sebulan'],
    ['should drop a detached -nya', 'bau nya busuk', 'bau busuk'],
    ['should translate common Javanese words', 'dalane bolong, ora iso lewat', 'jalan berlubang tidak bisa lewat'],
    ['should translate common Bugis/Makassar words', "tena dottoro' ri puskesmas", 'tidak ada dokter di puskesmas'],
    ['should translate code-mixed English words', 'the road is broken please fix', 'the jalan adalah rusak tolong perbaiki'],
    ['should strip a Javanese/Bugis -e/-ne suffix from a known host', 'banyune mati, puskesmase tutup', 'air mati puskesmas tutup'],
    ['should keep a word ending in -e whose host is unknown', 'Salohe dan Lengkese', 'salohe dan lengkese'],
  ])('%s', (_name, input, expected) => {
    expect(words(input)).toBe(expected);
  });

  it.each([
    ['angry emoji', 'jalan rusak 😡', '_emo_neg'],
    ['crying emoji', 'kasihan 😭', '_emo_sad'],
    ['heart and thumbs', 'mantap 👍', '_emo_pos'],
    ['laughing emoji', 'lucu 😂', '_tawa'],
    ['wkwk', 'wkwkwk jalan jadi kolam', '_tawa'],
    ['question mark', 'kapan diperbaiki?', '_q'],
    ['several question marks', 'kapan?? sudah 2 tahun', '_qq'],
    ['shouting in capitals', 'JALAN INI RUSAK PARAH SEKALI', '_caps'],
    ['URL', 'lihat https://example.id', '_url'],
    ['mention', '@humassinjai tolong', '_mention'],
    ['emoticon', 'terima kasih :)', '_emo_pos'],
  ])('should emit a signal for %s', (_name, input, signal) => {
    expect(signals(input)).toContain(signal);
  });

  it('should keep negations and question words as words, not drop them as stopwords', () => {
    expect(words('apakah tidak bisa?')).toBe('apakah tidak bisa');
  });

  it('should stem with a cache and give numbers one stem', () => {
    const n = normalizer.normalize('perbaikan jalan berlubang 2024');
    expect(n.stems).toEqual(['baik', 'jalan', 'lubang', '_num']);
    expect(normalizer.stem('perbaikan')).toBe('baik');
  });

  it('should read slang.tsv entries with drops, multi-word replacements and comments', () => {
    const m = parseSlangTsv('# comment\nbgt\tbanget\nmi\t-\npju\tpju lampu jalan\n\nbad line\n');
    expect(m.get('bgt')).toEqual(['banget']);
    expect(m.get('mi')).toEqual([]);
    expect(m.get('pju')).toEqual(['pju', 'lampu', 'jalan']);
    expect(m.has('bad line')).toBe(false);
  });
});
