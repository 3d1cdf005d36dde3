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
import { loadDemoPosts, randomAuthor, type DemoPost } from './demo-posts.js';
import { DemoTelegramYouTube, TELEGRAM_YOUTUBE_SHARE } from './demo-telegram-youtube.js';

export const DEMO_FAKES = Symbol('DEMO_FAKES');

export const DEMO_PASSWORD = 'suarawarga-demo';
export const DEMO_USERS: Array<{ username: string; displayName: string; role: Role; opdCodes?: string[] }> = [
  { username: 'admin', displayName: 'Admin Diskominfo', role: 'admin' },
  { username: 'operator', displayName: 'Operator Diskominfo', role: 'operator' },
  { username: 'dpupr', displayName: 'Staf Dinas PUPR', role: 'opd', opdCodes: ['DPUPR'] },
  { username: 'sekda', displayName: 'Sekretaris Daerah', role: 'pimpinan' },
];

/**
 * Demo mode: seeds accounts that point at the seven local fake platforms, one user per role, and
 * feeds the fakes a steady stream of citizen posts (from the project's corpus: slang, typos,
 * questions, aspirations, spam) on the platform each was written for.
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemoService.name);
  private timer?: NodeJS.Timeout;
  private pool: DemoPost[] = [];
  private mediaIds: string[] = [];
  private pagePostIds: string[] = [];
  private tgyt?: DemoTelegramYouTube;

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEMO_FAKES) private readonly fakes: DemoFakes,
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
    for (const u of DEMO_USERS) await this.auth.ensureUser({ ...u, password: DEMO_PASSWORD });
    this.pool = loadDemoPosts(this.config.paths.configDir);
    // Content the regency posted, under which citizens comment.
    this.pagePostIds = ['Jadwal pelayanan KTP keliling minggu ini', 'Info pemadaman air PDAM hari Sabtu'].map((t) => f.facebook.addPagePost({ text: t }).id);
    this.mediaIds = ['Kegiatan Bupati di Pasar Sentral', 'Festival Hari Jadi Sinjai'].map((c) => f.instagram.addMedia({ caption: c }).id);
    f.tiktok.addVideo({ caption: 'Sinjai Bersatu: program jalan mulus 2026' });
    this.tgyt.setUp();
    this.logger.log({ event: 'demo_started', posts: this.pool.length, everyMs: this.config.demo.postIntervalMs });
    this.schedule();
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

  /** One citizen post, on the platform it was written for. */
  async generate(): Promise<void> {
    if (!this.pool.length) return;
    const post = this.pick(this.pool);
    const author = randomAuthor();
    const f = this.fakes;
    if (this.tgyt && Math.random() < TELEGRAM_YOUTUBE_SHARE) return this.tgyt.post(post.text, author);
    switch (post.platform) {
      case 'facebook':
        if (Math.random() < 0.5) f.facebook.addVisitorPost({ text: post.text, author: { name: author.name } });
        else f.facebook.addComment({ postId: this.pick(this.pagePostIds), text: post.text, author: { name: author.name } });
        return;
      case 'instagram':
        f.instagram.addComment({ mediaId: this.pick(this.mediaIds), text: post.text, author: { username: author.username } });
        return;
      case 'tiktok':
        f.tiktok.addComment({ text: post.text, username: author.username, displayName: author.name });
        return;
      case 'whatsapp': {
        const server = this.http.httpAdapter?.getHttpServer() as import('node:net').Server | undefined;
        const addr = server?.address() as { port: number } | null | undefined;
        if (!addr) return;
        f.whatsapp.webhookUrl = `http://127.0.0.1:${addr.port}/api/webhooks/whatsapp`;
        await f.whatsapp.sendMessage({ from: `6281${Math.floor(1e8 + Math.random() * 9e8)}`, name: author.name, text: post.text });
        return;
      }
      default: {
        const text = post.text.includes('@') || Math.random() < 0.5 ? post.text : `@${f.x.accountUsername} ${post.text}`;
        f.x.addTweet({ text, author: { username: author.username, name: author.name } });
      }
    }
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }
}

@Module({})
export class DemoModule {
  static forRoot(fakes: DemoFakes): DynamicModule {
    return {
      module: DemoModule,
      imports: [AuthModule, CasesModule, CitizenModule, ConnectorsModule],
      providers: [DemoCitizenLoop, DemoService, { provide: DEMO_FAKES, useValue: fakes }],
    };
  }
}
