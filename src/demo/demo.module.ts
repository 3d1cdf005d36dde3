import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module.js';
import { AuthService } from '../auth/auth.service.js';
import type { Role } from '../auth/user.entity.js';
import { CasesModule } from '../cases/cases.module.js';
import { CitizenModule } from '../citizen/citizen.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AccountSeeder } from '../connectors/account-seeder.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { DemoCitizenLoop } from './demo-citizen-loop.js';
import type { DemoFakes } from './demo-fakes.js';
import { ClassificationModule } from '../classification/classification.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { DemoCorpus, type DemoText } from './demo-corpus.js';
import { DemoHistory } from './demo-history.js';
import { randomAuthor } from './demo-posts.js';
import { DemoTelegramYouTube, TELEGRAM_YOUTUBE_SHARE } from './demo-telegram-youtube.js';

export const DEMO_FAKES = Symbol('DEMO_FAKES');

export const DEMO_PASSWORD = 'suarawarga-demo';
/** One user per role, and one OPD user per OPD the demo writes to (username: the OPD code in lower case). */
export const DEMO_USERS: Array<{ username: string; displayName: string; role: Role; opdCodes?: string[] }> = [
  { username: 'admin', displayName: 'Admin Diskominfo', role: 'admin' },
  { username: 'operator', displayName: 'Operator Diskominfo', role: 'operator' },
  { username: 'dpupr', displayName: 'Staf Dinas PUPR', role: 'opd', opdCodes: ['DPUPR'] },
  { username: 'sekda', displayName: 'Sekretaris Daerah', role: 'pimpinan' },
  ...DemoCorpus.opds()
    .filter((code) => code !== 'DPUPR')
    .map((code) => ({ username: code.toLowerCase(), displayName: `Staf ${code}`, role: 'opd' as const, opdCodes: [code] })),
];

/**
 * Demo mode: seeds accounts that point at the seven local fake platforms and the demo users,
 * back-fills eight weeks of history on the first start (demo-history.ts), then feeds the fakes a
 * steady stream of citizen posts from the demo's own set (demo-corpus.ts, not the classifier's
 * training texts): clear and ambiguous reports, questions, thanks, spam, personal data, incidents
 * reported by several people, and follow-ups in the same WhatsApp chat.
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemoService.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly later = new Set<NodeJS.Timeout>();
  private corpus?: DemoCorpus;
  private mediaIds: string[] = [];
  private pagePostIds: string[] = [];
  private tgyt?: DemoTelegramYouTube;

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEMO_FAKES) private readonly fakes: DemoFakes,
    private readonly history: DemoHistory,
    private readonly http: HttpAdapterHost,
    private readonly seeder: AccountSeeder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const f = this.fakes;
    this.tgyt = new DemoTelegramYouTube(f.telegram, f.youtube);
    await this.seeder.seed([
      ...this.tgyt.seeds(),
      { platform: 'x', externalAccountId: f.x.accountUserId, handle: f.x.accountUsername, displayName: '@pemkabsinjai (demo)', settings: { searchQuery: '(sinjai OR #sinjai) -is:retweet' }, pollIntervalSec: 5, credentials: { bearerToken: 'x-app-token', userAccessToken: 'x-user-token' } },
      { platform: 'facebook', externalAccountId: f.facebook.pageId, handle: 'Pemkab Sinjai', displayName: 'Pemerintah Kabupaten Sinjai (demo)', pollIntervalSec: 6, credentials: { pageAccessToken: 'fb-page-token' } },
      { platform: 'instagram', externalAccountId: f.instagram.igUserId, handle: 'pemkabsinjai', displayName: '@pemkabsinjai (demo)', pollIntervalSec: 7, credentials: { accessToken: 'ig-token' } },
      { platform: 'tiktok', externalAccountId: f.tiktok.businessId, handle: 'pemkabsinjai', displayName: 'TikTok Pemkab Sinjai (demo)', pollIntervalSec: 8, credentials: { accessToken: 'tt-access-token' } },
      { platform: 'whatsapp', externalAccountId: f.whatsapp.phoneNumberId, handle: f.whatsapp.displayNumber, displayName: 'WhatsApp Pengaduan (demo)', pollIntervalSec: 10, credentials: { accessToken: 'wa-token' } },
    ]);
    // The four roles before the service answers; the OPD users (a password hash each) after it.
    for (const u of DEMO_USERS.slice(0, 4)) await this.auth.ensureUser({ ...u, password: DEMO_PASSWORD });
    this.corpus = new DemoCorpus(this.config.region);
    // Content the regency posted, under which citizens comment.
    this.pagePostIds = ['Jadwal pelayanan KTP keliling minggu ini', 'Info pemadaman air PDAM hari Sabtu'].map((t) => f.facebook.addPagePost({ text: t }).id);
    this.mediaIds = ['Kegiatan Bupati di Pasar Sentral', 'Festival Hari Jadi Sinjai'].map((c) => f.instagram.addMedia({ caption: c }).id);
    f.tiktok.addVideo({ caption: 'Sinjai Bersatu: program jalan mulus 2026' });
    this.tgyt.setUp();
    this.logger.log({ event: 'demo_started', everyMs: this.config.demo.postIntervalMs });
    // History is written after start-up (the service answers meanwhile); live posts follow it, so
    // on a fresh database tracking numbers run in time order.
    void (async () => {
      for (const u of DEMO_USERS.slice(4)) if (!this.stopped) await this.auth.ensureUser({ ...u, password: DEMO_PASSWORD });
      await this.history.backfill();
    })()
      .catch((e: unknown) => this.logger.warn({ event: 'demo_history_failed', error: String(e) }))
      .finally(() => {
        if (!this.stopped) this.schedule();
      });
  }

  private schedule(): void {
    const delay = this.config.demo.postIntervalMs * (0.5 + Math.random());
    this.timer = setTimeout(() => {
      void this.generate()
        .catch((e: unknown) => this.logger.warn({ event: 'demo_post_failed', error: String(e) }))
        .finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  private pick<T>(xs: T[]): T {
    return xs[Math.floor(Math.random() * xs.length)];
  }

  /** Runs `fn` after `ms` unless the service stops first. */
  private after(ms: number, fn: () => Promise<void> | void): void {
    const t = setTimeout(() => {
      this.later.delete(t);
      void Promise.resolve(fn()).catch((e: unknown) => this.logger.warn({ event: 'demo_post_failed', error: String(e) }));
    }, ms);
    t.unref();
    this.later.add(t);
  }

  /** One citizen post; now and then an incident that several people report within a minute. */
  async generate(): Promise<void> {
    if (!this.corpus) return;
    if (Math.random() < 0.015) {
      for (const [i, d] of this.corpus.incident(undefined, 3 + Math.floor(Math.random() * 3)).entries()) this.after(i * 12_000, () => this.send(d));
      return;
    }
    await this.send(this.corpus.next());
  }

  private async send(d: DemoText): Promise<void> {
    const author = randomAuthor();
    const f = this.fakes;
    // Follow-ups go by WhatsApp, where the same number's next messages join the open case.
    if (d.followUps.length) return this.whatsapp(d, author.name);
    if (this.tgyt && Math.random() < TELEGRAM_YOUTUBE_SHARE) return this.tgyt.post(d.text, author);
    const r = Math.random();
    if (r < 0.3) {
      if (Math.random() < 0.5) f.facebook.addVisitorPost({ text: d.text, author: { name: author.name } });
      else f.facebook.addComment({ postId: this.pick(this.pagePostIds), text: d.text, author: { name: author.name } });
    } else if (r < 0.5) f.instagram.addComment({ mediaId: this.pick(this.mediaIds), text: d.text, author: { username: author.username } });
    else if (r < 0.6) f.tiktok.addComment({ text: d.text, username: author.username, displayName: author.name });
    else if (r < 0.75) await this.whatsapp(d, author.name);
    else {
      const text = d.text.includes('@') || Math.random() < 0.5 ? d.text : `@${f.x.accountUsername} ${d.text}`;
      f.x.addTweet({ text, author: { username: author.username, name: author.name } });
    }
  }

  private async whatsapp(d: DemoText, name: string): Promise<void> {
    const f = this.fakes;
    const server = this.http.httpAdapter?.getHttpServer() as import('node:net').Server | undefined;
    const addr = server?.address() as { port: number } | null | undefined;
    if (!addr) return;
    f.whatsapp.webhookUrl = `http://127.0.0.1:${addr.port}/api/webhooks/whatsapp`;
    const from = `6281${Math.floor(1e8 + Math.random() * 9e8)}`;
    await f.whatsapp.sendMessage({ from, name, text: d.text });
    for (const [i, text] of d.followUps.entries()) this.after((i + 1) * (20_000 + Math.random() * 40_000), () => f.whatsapp.sendMessage({ from, name, text }).then(() => undefined));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const t of this.later) clearTimeout(t);
  }
}

@Module({})
export class DemoModule {
  static forRoot(fakes: DemoFakes): DynamicModule {
    return {
      module: DemoModule,
      imports: [AuthModule, CasesModule, CitizenModule, ClassificationModule, ConnectorsModule, ReportsModule],
      providers: [DemoCitizenLoop, DemoHistory, DemoService, { provide: DEMO_FAKES, useValue: fakes }],
    };
  }
}
