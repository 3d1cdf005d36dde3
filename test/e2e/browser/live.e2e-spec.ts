// The live monitor in headless Chromium: a post on the fake X shows up within 2 s without reload,
// the offline banner while the socket is down, and catch-up of what was missed after reconnecting.
import { DataSource } from 'typeorm';
import type { WeeklySummary } from '../../../src/contracts/report.js';
import { DashboardGateway } from '../../../src/dashboard/dashboard.gateway.js';
import { XFake } from '../../../src/fakes/x.fake.js';
import { createLogin, describeBrowser, launchBrowser, login, pollNow, publishScreenshot, screenshots, type TestBrowser } from '../../factories/browser.js';
import { createAccount } from '../../factories/connector-account.factory.js';
import { eventually } from '../../factories/socket.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';
import { CLEAR_POSTS } from '../../fixtures/x/citizen-posts.js';

const countCases = async (t: TestApp): Promise<number> => (await t.get(DataSource).query(`SELECT count(*)::int AS n FROM cases`))[0].n as number;

describeBrowser('browser: live monitor (Pantauan langsung)', () => {
  const fake = new XFake();
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;

  // Chromium, the service and the first poll together: generous on a loaded 2-core machine.
  beforeAll(async () => {
    await fake.start();
    // Kept apart so afterAll closes whichever started, even when the other failed.
    launching = launchBrowser();
    t = await startTestApp({ X_BASE_URL: fake.baseUrl, POLL_SCHEDULER_ENABLED: 'true', POLL_TICK_MS: '100' });
    browser = await launching;
    for (const p of CLEAR_POSTS.slice(0, 6)) fake.addTweet({ text: p.text });
    await createAccount(t.app, { externalAccountId: fake.accountUserId, pollIntervalSec: 300 });
    await eventually(() => countCases(t), (n) => n >= 6, 60_000);
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
    await fake.stop();
  });

  it('should show a post injected into the fake X on the live monitor within 2 s, without reload', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    const cards = page.locator('[data-testid=feed] [data-case-id]');
    await cards.nth(5).waitFor();
    await page.locator('[data-testid=health] [data-state=ok]').waitFor();
    const total = page.locator('[data-counter=total] .tile-n');
    const before = Number(await total.textContent());
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    const text = '@pemkabsinjai lampu lalu lintas di perempatan Jalan Sultan Hasanuddin mati, rawan kecelakaan';
    const started = Date.now();
    fake.addTweet({ text, author: { name: 'Andi Warga' } });
    await pollNow(t);
    await cards.filter({ hasText: 'lampu lalu lintas di perempatan' }).waitFor({ timeout: 2000 });
    const latency = Date.now() - started;
    expect(latency).toBeLessThan(2000);

    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await expect(cards.first().textContent()).resolves.toContain('lampu lalu lintas');
    await expect(total.textContent()).resolves.toBe(String(before + 1));
    const shot = await screenshots(page, 'pantauan');
    publishScreenshot(shot.desktop, 'screenshot-pantauan.png');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('should show the offline banner while the socket is down and merge the cases missed meanwhile after reconnecting', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    const cards = page.locator('[data-testid=feed] [data-case-id]');
    await cards.first().waitFor();
    const banner = page.getByTestId('offline-banner');
    await expect(banner.isVisible()).resolves.toBe(false);

    // The connection drops, and the server refuses new sockets for a while.
    const io = t.get(DashboardGateway).server;
    let refusing = true;
    io.use((_socket, next) => (refusing ? next(new Error('maintenance')) : next()));
    io.disconnectSockets(true);
    await banner.waitFor({ state: 'visible', timeout: 3000 });
    await expect(banner.textContent()).resolves.toBe('Koneksi terputus — mencoba menyambung kembali…');

    const missed = ['@pemkabsinjai sampah di pasar sentral Sinjai tidak diangkut sudah lima hari', '@pemkabsinjai KTP-el anak saya belum jadi padahal sudah rekam tiga bulan lalu'];
    const before = await countCases(t);
    for (const text of missed) fake.addTweet({ text });
    await pollNow(t);
    await eventually(() => countCases(t), (n) => n >= before + missed.length);
    await page.waitForTimeout(300);
    for (const text of missed) expect(await cards.filter({ hasText: text.slice(14, 50) }).count()).toBe(0);
    await screenshots(page, 'pantauan-offline');

    refusing = false;
    await banner.waitFor({ state: 'hidden', timeout: 10_000 });
    for (const text of missed) await cards.filter({ hasText: text.slice(14, 50) }).waitFor({ timeout: 5000 });
    // Each case once, newest first.
    const ids = await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.caseId!));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => Number(b) - Number(a))).toEqual(ids);
    expect(problems).toEqual([]);
    await page.close();
  });

  // The stats, alerts and report endpoints are still being built: their contract-shaped answers are
  // stubbed in the browser, so the views that consume them are tested now.
  it('should render contract-shaped stats, connector states, alerts, charts, reports and a 409 conflict (stubbed endpoints)', async () => {
    const { page, problems } = await browser.newPage();
    const now = Date.now();
    const retryAt = new Date(now + 20 * 60_000).toISOString();
    const json = (body: unknown, status = 200) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });
    await page.route('**/api/stats/today', (r) =>
      r.fulfill(json({ date: '2026-11-23', total: 42, byIntent: { complaint: 30, aspiration: 5, question: 5, other: 2 }, byPlatform: { x: 30, facebook: 12 }, byOpd: { DPUPR: 12, PDAM: 8 }, bySentiment: { negative: 25, neutral: 15, positive: 2 }, triage: 3 })),
    );
    await page.route('**/api/health', (r) =>
      r.fulfill(
        json({
          status: 'degraded',
          database: { status: 'up' },
          connectors: [
            { id: 'a1', platform: 'x', handle: 'pemkabsinjai', state: 'ok', detail: null, retryAt: null, lastPolledAt: null, lastSuccessAt: new Date(now).toISOString() },
            { id: 'a2', platform: 'facebook', handle: 'PemkabSinjai', state: 'rate_limited', detail: 'HTTP 429', retryAt, lastPolledAt: null, lastSuccessAt: null },
            { id: 'a3', platform: 'instagram', handle: 'pemkab.sinjai', state: 'auth_expired', detail: 'token expired', retryAt: null, lastPolledAt: null, lastSuccessAt: null },
          ],
        }),
      ),
    );
    await page.route('**/api/alerts', (r) => r.fulfill(json({ items: [{ type: 'sla_overdue', caseId: '1', opdCode: 'DPUPR', message: 'SW-2026-000001 lewat tenggat <img src=x onerror=alert(1)>', createdAt: new Date(now).toISOString() }] })));
    const days = Array.from({ length: 30 }, (_, i) => ({
      date: new Date(now - (29 - i) * 86_400_000).toISOString().slice(0, 10),
      byIntent: { complaint: 10 + (i % 7), aspiration: 3 + (i % 3), question: 4, other: 2 },
      bySentiment: { negative: 9 + (i % 5), neutral: 8, positive: 2 + (i % 2) },
    }));
    await page.route('**/api/stats/trends?*', (r) => r.fulfill(json({ days })));
    await page.route('**/api/stats/opd-performance?*', (r) =>
      r.fulfill(json({ items: [{ opdCode: 'DPUPR', opdName: 'Dinas PUPR', received: 120, answered: 100, medianFirstResponseHours: 20.5, withinSlaShare: 0.83, backlog: 20, overdue: 4 }, { opdCode: 'PDAM', opdName: 'Perumda Air Minum', received: 80, answered: 78, medianFirstResponseHours: 6, withinSlaShare: 0.97, backlog: 2, overdue: 0 }] })),
    );
    await page.route('**/api/stats/topics?*', (r) => r.fulfill(json({ items: [{ topic: 'jalan rusak', count: 40 }, { topic: 'air PDAM', count: 25 }, { topic: '<script>topik</script>', count: 3 }] })));
    await page.route('**/api/reports/weekly', (r) => r.fulfill(json({ items: [{ week: '2026-W47', from: '2026-11-16T00:00:00+08:00', to: '2026-11-22T23:59:59+08:00', generatedAt: '2026-11-23T07:00:00+08:00' }] })));
    // Typed by the wire contract: the stub cannot drift from what the server sends.
    const figures = { total: 310, complaints: 200, negative: 150, netSentiment: -0.42, received: 250, answered: 180 };
    const week: WeeklySummary = {
      week: '2026-W47',
      region: 'Kabupaten Sinjai',
      timezone: 'Asia/Makassar',
      zoneName: 'WITA',
      from: '2026-11-15T16:00:00.000Z',
      to: '2026-11-22T15:59:59.999Z',
      firstDay: '2026-11-16',
      lastDay: '2026-11-22',
      generatedAt: '2026-11-22T23:00:00.000Z',
      partial: false,
      total: 310,
      complaints: 200,
      positive: 20,
      neutral: 140,
      negative: 150,
      netSentiment: -0.42,
      netSentimentPrevWeek: -0.3,
      netSentimentChange: -0.12,
      netSentiment4WeekAvg: -0.35,
      topKecamatan: 'Sinjai Utara',
      topKecamatanComplaints: 55,
      backlogAsOf: '2026-11-22T23:00:00.000Z',
      volume: [{ dimension: 'intent', key: 'complaint', label: 'Pengaduan', count: 200 }],
      sentiment: [],
      topics: [{ rank: 1, topic: 'jalan rusak', count: 40, share: 0.129, samples: [] }],
      opd: [{ opdCode: 'DPUPR', opdName: 'Dinas PUPR', received: 120, answered: 100, medianFirstResponseHours: 20.5, withinSlaShare: 0.83, backlog: 20, overdue: 4, ratings: 12, avgRating: 4.1, resolvedShare: 0.75 }],
      locations: [{ kecamatan: 'Sinjai Utara', complaints: 55 }],
      emerging: [],
      figures,
      previousWeek: { ...figures, total: 280 },
      daily: Array.from({ length: 7 }, (_, i) => ({ date: `2026-11-${16 + i}`, total: 40 + i, complaints: 30, negative: 20 })),
    };
    await page.route('**/api/reports/weekly/2026-W47', (r) => r.fulfill(json(week)));

    await login(page, t.url, await createLogin(t, 'admin'));
    await expect(page.locator('[data-counter=total] .tile-n').textContent()).resolves.toBe('42');
    await expect(page.locator('[data-breakdown=opd] li[data-key=DPUPR] .bk-n').textContent()).resolves.toBe('12');
    const health = page.getByTestId('health');
    await expect(health.locator('[data-account=a2] .state').textContent()).resolves.toMatch(/^dibatasi sampai \d{2}\.\d{2}$/);
    await expect(health.locator('[data-account=a3] .state').textContent()).resolves.toBe('token kedaluwarsa: otorisasi ulang');
    await expect(page.getByTestId('alerts').locator('.alert-msg').first().textContent()).resolves.toBe('SW-2026-000001 lewat tenggat <img src=x onerror=alert(1)>');

    // Live: connector.health and alert events update the panels without reload.
    const io = t.get(DashboardGateway).server as unknown as { to(room: string): { emit(event: string, payload: unknown): boolean } };
    io.to('diskominfo').emit('connector.health', { accountId: 'a3', platform: 'instagram', handle: 'pemkab.sinjai', state: 'ok', detail: null, retryAt: null });
    await health.locator('[data-account=a3][data-state=ok]').waitFor({ timeout: 2000 });
    io.to('diskominfo').emit('alert', { type: 'spike', message: 'Lonjakan aduan sampah di Kec. Sinjai Utara' });
    await page.getByTestId('alerts').getByText('Lonjakan aduan sampah di Kec. Sinjai Utara').waitFor({ timeout: 2000 });
    await screenshots(page, 'pantauan-data-kontrak');

    await page.getByRole('link', { name: 'Ringkasan' }).click();
    await page.locator('[data-testid=trends] canvas').nth(1).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=trends] canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
    await expect(page.getByTestId('opd-performance').locator('tbody tr').first().textContent()).resolves.toContain('83%');
    await expect(page.getByTestId('topics').locator('li').nth(2).textContent()).resolves.toContain('<script>topik</script>');
    await page.getByTestId('weekly').getByRole('link', { name: 'Minggu ke-47 2026' }).waitFor();
    await screenshots(page, 'ringkasan-data-kontrak');
    await page.getByTestId('weekly').getByRole('link', { name: 'Minggu ke-47 2026' }).click();
    await page.getByTestId('weekly-detail').getByText('Sinjai Utara').waitFor();
    await expect(page.locator('[data-figure=total] .delta').textContent()).resolves.toBe('minggu lalu 280 · ▲ naik 11%');
    await screenshots(page, 'ringkasan-mingguan-kontrak');

    // A 409 on an action: a plain message, and the case is read again.
    const [c] = await t.get(DataSource).query(`SELECT id::text FROM cases WHERE status = 'didisposisikan' LIMIT 1`);
    await page.route('**/api/cases/*/accept', (r) => r.fulfill(json({ statusCode: 409, error: 'conflict', message: 'Versi kasus sudah berubah' }, 409)));
    await page.goto(`${t.url}/kasus/${c.id}`);
    await page.getByRole('button', { name: 'Terima' }).waitFor();
    const reread = page.waitForRequest((req) => req.method() === 'GET' && req.url().endsWith(`/api/cases/${c.id}`));
    await page.getByRole('button', { name: 'Terima' }).click();
    await reread;
    await expect(page.getByTestId('case-alert').textContent()).resolves.toMatch(/^Konflik: Versi kasus sudah berubah\. Kasus ini sudah diubah oleh orang lain/);
    await screenshots(page, 'kasus-konflik');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('should deliver a reply sent from the case page to the fake X', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'opd', ['DPUPR']));
    await page.locator('[data-testid=case-list] [data-case-id] a').first().click();
    await page.getByText('Balas publik').click();
    const reply = 'Terima kasih, laporan Anda sudah kami terima dan tim DPUPR akan meninjau lokasi minggu ini.';
    await page.locator('[data-action="Kirim balasan"] textarea[name=text]').fill(reply);
    await page.getByRole('button', { name: 'Kirim balasan' }).click();
    await page.locator('[data-testid=replies] [data-reply-state=sent]', { hasText: reply.slice(0, 30) }).waitFor({ timeout: 10_000 });
    await eventually(async () => fake.posted.map((p) => p.text), (texts) => texts.includes(reply));
    expect(fake.posted.find((p) => p.text === reply)?.referenced_tweets?.[0]?.type).toBe('replied_to');
    await screenshots(page, 'kasus-balasan');
    expect(problems).toEqual([]);
    await page.close();
  });
});
