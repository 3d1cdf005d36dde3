import { containsPii, MASK, maskPii, maskPiiDeep } from './pii.js';

const { nik: NIK, phone: HP, email: EMAIL } = MASK;

describe('maskPii: one policy, normalised first', () => {
  it.each([
    // Every form named in issue 13 §4.
    ['hubungi (0812) 3456 7890', `hubungi ${HP}`],
    ['WA +62 (812) 3456-7890 ya', `WA ${HP} ya`],
    ['no 0812/3456/7890', `no ${HP}`],
    ['telp 0812–3456–7890', `telp ${HP}`], // en dash
    ['telp 0812—3456—7890', `telp ${HP}`], // em dash
    ['telp 0812−3456−7890', `telp ${HP}`], // minus sign
    ['hp 0812_3456_7890', `hp ${HP}`],
    ['hp 08 12 34 56 78 90', `hp ${HP}`],
    ['hp ０８１２３４５６７８９０', `hp ${HP}`], // full-width digits
    ['hp ０８１２－３４５６－７８９０', `hp ${HP}`], // full-width dash
    ['NIK 73 07 01 12 34 56 0001', `NIK ${NIK}`],
    ['hp 0812 345 678 90 terima kasih', `hp ${HP} terima kasih`],
    ['email budi.santoso@gmail.com tolong', `email ${EMAIL} tolong`],
    // The forms masked before, and more.
    ['NIK saya 7307011234560001 tolong dicek', `NIK saya ${NIK} tolong dicek`],
    ['nik 7307 0112 3456 0001', `nik ${NIK}`],
    ['nik 7307.0112.3456.0001', `nik ${NIK}`],
    ['KK 7307-0112-3456-0002.', `KK ${NIK}.`],
    ['hubungi 081234567890 ya', `hubungi ${HP} ya`],
    ['WA +62 812-3456-7890', `WA ${HP}`],
    ['WA +6281234567890', `WA ${HP}`],
    ['WA 6281234567890', `WA ${HP}`],
    ['WA 62 812 3456 7890', `WA ${HP}`],
    ['hp 0812.3456.7890.', `hp ${HP}.`],
    ['hp:081234567890,nik:7307011234560001', `hp:${HP},nik:${NIK}`],
    ['NIK 7307011234560001 0812 3456 7890', `NIK ${NIK} ${HP}`],
    ['7307011234560001 081234567890', `${NIK} ${HP}`],
    ['kantor +62 411 123456', `kantor ${HP}`],
    ['E-MAIL: Warga_Sinjai+lapor@Mail.Sinjaikab.GO.ID.', `E-MAIL: ${EMAIL}.`],
    ['surel ｗａｒｇａ＠ｇｍａｉｌ．ｃｏｍ', `surel ${EMAIL}`],
    ['hp (0812)-3456-7890 😡 jalan rusak', `hp ${HP} 😡 jalan rusak`],
    // Not personal data: left as written.
    ['jalan rusak 2 km sejak 2024', 'jalan rusak 2 km sejak 2024'],
    ['RT 02 RW 05 no 12', 'RT 02 RW 05 no 12'],
    ['laporan SW-2026-000123 tanggal 12-05-2026 jam 10.30', 'laporan SW-2026-000123 tanggal 12-05-2026 jam 10.30'],
    ['harga Rp 15.000.000 untuk 3 unit', 'harga Rp 15.000.000 untuk 3 unit'],
    ['@pemkabsinjai tolong', '@pemkabsinjai tolong'],
  ])('should mask %j as %j', (input, expected) => {
    expect(maskPii(input)).toBe(expected);
  });

  it('should leave no digit of a masked number visible, whatever the separators (fuzz)', () => {
    // Deterministic pseudo-random: the same cases every run.
    let seed = 13;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const SEPS = ['', ' ', '-', '–', '—', '_', '.', '/', ' - ', '  ', '－'];
    const WIDE = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const split = (digits: string): string => {
      let out = '';
      for (let i = 0; i < digits.length; ) {
        const size = 1 + rnd(4);
        out += (i ? SEPS[rnd(SEPS.length)] : '') + digits.slice(i, i + size);
        i += size;
      }
      return out;
    };
    for (let k = 0; k < 500; k++) {
      const body = Array.from({ length: 8 + rnd(4) }, () => String(rnd(10))).join('');
      const kind = rnd(4);
      const digits = kind === 0 ? `0812${body}`.slice(0, 10 + rnd(4)) : kind === 1 ? `62812${body}`.slice(0, 11 + rnd(4)) : kind === 2 ? `7307${body}${body}`.slice(0, 16) : `0813${body}`.slice(0, 12);
      let number = split(digits);
      // An area or operator code in parentheses: (0812) 3456…, +62 (812) 3456…
      if (kind === 0 && rnd(3) === 0) number = `(${digits.slice(0, 4)})${SEPS[rnd(SEPS.length)]}${split(digits.slice(4))}`;
      if (kind === 1 && rnd(3) === 0) number = `62 (${digits.slice(2, 5)})${SEPS[rnd(SEPS.length)]}${split(digits.slice(5))}`;
      if (kind === 1 && rnd(2)) number = `+${number}`;
      if (rnd(4) === 0) number = WIDE(number);
      const text = `Pak, ini nomor saya ${number} mohon dihubungi`;
      const masked = maskPii(text);
      expect({ text, masked, digits: /[\d０-９]/.test(masked) }).toEqual({ text, masked, digits: false });
      expect(masked.startsWith('Pak, ini nomor saya [')).toBe(true);
      expect(masked.endsWith('] mohon dihubungi')).toBe(true);
    }
  });

  it('should survive hostile input quickly and without throwing', () => {
    const long = '0'.repeat(20_000) + ' 1-'.repeat(20_000) + '@'.repeat(5000) + 'a@b.'.repeat(5000);
    expect(typeof maskPii(long)).toBe('string');
    expect(maskPii('\u0000 0812\u00003456 \uD800')).toContain('\u0000');
    expect(maskPii('')).toBe('');
  });

  it('should mask every string inside event data, and tell whether a text holds any', () => {
    expect(maskPiiDeep({ text: 'hp 081234567890', n: 3, nested: [{ note: 'a@b.co' }], at: null })).toEqual({ text: `hp ${HP}`, n: 3, nested: [{ note: EMAIL }], at: null });
    expect(containsPii('tidak ada')).toBe(false);
    expect(containsPii('nik 7307011234560001')).toBe(true);
  });
});
