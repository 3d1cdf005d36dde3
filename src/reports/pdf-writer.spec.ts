import { pdfSafe } from './pdf-writer.js';

describe('pdfSafe', () => {
  it('should keep Indonesian text and typographic marks the built-in fonts can print', () => {
    expect(pdfSafe('Jalan “rusak” – sudah 2 tahun… café')).toBe('Jalan “rusak” – sudah 2 tahun… café');
  });

  it('should drop emoji, other scripts and control characters, and flatten whitespace', () => {
    expect(pdfSafe('kapan diperbaiki?? 😡😡\u0000\u0007 \n\t ᨔᨗᨍᨐ selesai')).toBe(
      'kapan diperbaiki?? selesai',
    );
  });
});
