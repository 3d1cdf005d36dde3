import { KeywordRouter, normaliseForKeywords } from './keyword-router.js';

const router = new KeywordRouter({
  DPUPR: { strong: ['jalan rusak'], keywords: ['jalan', 'aspal'] },
  DISPERKIM: { strong: ['lampu jalan'], keywords: ['lampu'] },
  DISDUKCAPIL: { strong: ['ktp-el'] },
});

describe('KeywordRouter', () => {
  it('should score strong phrases 3 and keywords 1, best first', () => {
    const scores = router.score(normaliseForKeywords('Jalan rusak, aspal hilang, lampu jalan mati'));
    expect(scores).toEqual([
      { opdCode: 'DPUPR', score: 5, matched: ['jalan rusak', 'jalan', 'aspal'] },
      { opdCode: 'DISPERKIM', score: 4, matched: ['lampu jalan', 'lampu'] },
    ]);
  });

  it('should match whole words only, and a phrase once however often it occurs', () => {
    expect(router.score(normaliseForKeywords('jalanan beraspal'))).toEqual([]);
    expect(router.score(normaliseForKeywords('aspal aspal aspal'))).toEqual([{ opdCode: 'DPUPR', score: 1, matched: ['aspal'] }]);
  });

  it('should match phrases written with punctuation the same way as the text', () => {
    expect(router.score(normaliseForKeywords('KTP-el saya hilang'))[0]?.opdCode).toBe('DISDUKCAPIL');
  });
});
