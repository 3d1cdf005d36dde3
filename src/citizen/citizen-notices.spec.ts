import {
  renderNotice,
  SHORT_TEMPLATES,
  DEFAULT_TEMPLATES,
  checkNoticeSettings,
  noticeSettings,
} from './citizen-notices.js';

const V = {
  nomor: 'SW-2026-000123',
  opd: 'Dinas Pekerjaan Umum dan Penataan Ruang',
  tenggat: '15 Desember 2026 (hari kerja)',
  tautan: 'https://lapor.sinjaikab.go.id/lacak/SW-2026-000123?kode=0123456789abcdef0123456789abcdef',
  jawaban: '',
};

describe('renderNotice', () => {
  it('should fill every placeholder when the text fits', () => {
    const t = renderNotice(DEFAULT_TEMPLATES.acknowledgement, V, 8000);
    expect(t).toBe(
      `Terima kasih, laporan Anda kami terima dengan nomor SW-2026-000123 dan diteruskan ke ${V.opd}. Target tindak lanjut: ${V.tenggat}. Pantau di ${V.tautan}`,
    );
  });

  it('should shorten only the answer, never the number or the link, to fit X', () => {
    const t = renderNotice(
      DEFAULT_TEMPLATES.finish_notice,
      { ...V, jawaban: 'Lubang sudah ditambal. '.repeat(30) },
      280,
      SHORT_TEMPLATES.finish_notice,
    );
    expect(t.length).toBeLessThanOrEqual(280);
    expect(t).toContain('…');
    expect(t).toContain(V.nomor);
    expect(t.endsWith(V.tautan)).toBe(true);
  });

  it('should use the short form where the full text cannot fit (TikTok, 150)', () => {
    const t = renderNotice(DEFAULT_TEMPLATES.acknowledgement, V, 150, SHORT_TEMPLATES.acknowledgement);
    expect(t).toBe(`Laporan Anda diterima: SW-2026-000123. Pantau di ${V.tautan}`);
    expect(t.length).toBeLessThanOrEqual(150);
  });
});

describe('notice settings', () => {
  it('should be off for a real account and on in demo mode unless set', () => {
    expect(noticeSettings({}, false).enabled).toBe(false);
    expect(noticeSettings({}, true).enabled).toBe(true);
    expect(noticeSettings({ notices: { enabled: false } }, true).enabled).toBe(false);
  });

  it.each([
    [{ notices: { enabled: 'ya' } }, /enabled/],
    [{ notices: { delayMin: -1 } }, /delayMin/],
    [{ notices: { acknowledgementTemplate: 'Terima kasih' } }, /\{nomor\} dan \{tautan\}/],
    [{ notices: { acknowledgementTemplate: '{nomor} {tautan} {nama}' } }, /\{nama\}/],
    [{ notices: { colour: 'red' } }, /colour/],
  ])('should refuse %j', (settings, message) => {
    expect(() => checkNoticeSettings(settings)).toThrow(message);
  });

  it('should accept a full valid setting', () => {
    expect(() =>
      checkNoticeSettings({
        notices: {
          enabled: true,
          delayMin: 10,
          perMinute: 5,
          acknowledgementTemplate: 'Nomor {nomor}, {opd}, {tenggat}: {tautan}',
        },
      }),
    ).not.toThrow();
  });
});
