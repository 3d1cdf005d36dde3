import { scoreLabels } from './metrics.js';
import { kFolds } from './evaluation.js';
import { parseLabeledText, type LabeledRow } from './training-data.js';

describe('parseLabeledText', () => {
  it('should read the corpus CSV with empty labels', () => {
    const rows = parseLabeledText(
      'id,platform,text,intent,opd,sentiment\n' +
        'a-1,x,"jalan ""rusak"", pak",complaint,DPUPR,negative\n' +
        'a-2,facebook,"terima kasih",other,,positive\n' +
        'a-3,x,"hmm",,,\n',
    );
    expect(rows[0]).toMatchObject({ id: 'a-1', text: 'jalan "rusak", pak', intent: 'complaint', opd: 'DPUPR', sentiment: 'negative' });
    expect(rows[1]).toMatchObject({ intent: 'other', opd: null, sentiment: 'positive' });
    expect(rows[2]).toMatchObject({ intent: undefined, opd: undefined, sentiment: undefined });
  });

  it('should read the SmSA TSV (no header) and the NusaX CSV', () => {
    expect(parseLabeledText('enak sekali .\tpositive\nbiasa saja\tneutral\n')).toMatchObject([
      { text: 'enak sekali .', sentiment: 'positive' },
      { text: 'biasa saja', sentiment: 'neutral' },
    ]);
    expect(parseLabeledText('id,text,label\n1,"Buruk, lambat",negative\n')).toMatchObject([{ text: 'Buruk, lambat', sentiment: 'negative', intent: undefined }]);
  });
});

describe('scoreLabels', () => {
  it('should compute per-class F1, macro-F1 over gold classes, accuracy and the confusion matrix', () => {
    const r = scoreLabels(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], ['a', 'b', 'c']);
    expect(r.accuracy).toBe(0.75);
    expect(r.confusion).toEqual([[1, 1, 0], [0, 2, 0], [0, 0, 0]]);
    expect(r.perClass[0]).toMatchObject({ precision: 1, recall: 0.5 });
    expect(r.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 6);
  });
});

describe('kFolds', () => {
  it('should split every row into exactly one fold, stratified by intent', () => {
    const rows: LabeledRow[] = Array.from({ length: 50 }, (_v, i) => ({ text: `t${i}`, intent: i % 5 === 0 ? 'other' : 'complaint' }));
    const folds = kFolds(rows, 5);
    expect(folds.flat()).toHaveLength(50);
    expect(new Set(folds.flat().map((r) => r.text)).size).toBe(50);
    for (const f of folds) expect(f.filter((r) => r.intent === 'other')).toHaveLength(2);
  });
});
