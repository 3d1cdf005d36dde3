import type { TelegramFake } from '../fakes/telegram.fake.js';
import type { YouTubeFake } from '../fakes/youtube.fake.js';

// Demo wiring of the two newer platforms, kept apart from demo.module.ts: a bot with private
// chats, a citizens' group and the Pemkab channel's discussion group on Telegram, and the Pemkab's
// YouTube channel with a livestream and news videos. Citizens' texts come from the demo pool.

export type DemoSeed = { platform: 'telegram' | 'youtube'; externalAccountId: string; handle: string; displayName: string; settings: Record<string, unknown>; pollIntervalSec: number; credentials: Record<string, string> };

/** Share of demo posts that go to Telegram or YouTube (two of seven platforms). */
export const TELEGRAM_YOUTUBE_SHARE = 2 / 7;

export class DemoTelegramYouTube {
  private forwards: Array<Parameters<TelegramFake['comment']>[0]['forward']> = [];
  private videos: string[] = [];
  private threads: string[] = [];

  constructor(
    private readonly tg: TelegramFake,
    private readonly yt: YouTubeFake,
  ) {}

  seeds(): DemoSeed[] {
    return [
      // A short long-poll keeps shutdown quick in demo mode.
      { platform: 'telegram', externalAccountId: String(this.tg.botId), handle: this.tg.bot.username!, displayName: 'Bot Lapor Sinjai (demo)', settings: { longPollSec: 2 }, pollIntervalSec: 5, credentials: { botToken: this.tg.token } },
      { platform: 'youtube', externalAccountId: this.yt.channelId, handle: 'PemkabSinjaiOfficial', displayName: 'YouTube Pemkab Sinjai (demo)', settings: {}, pollIntervalSec: 9, credentials: { accessToken: 'yt-access-token', refreshToken: 'yt-refresh-token', clientId: this.yt.clientId, clientSecret: this.yt.clientSecret } },
    ];
  }

  /** What the regency posted, under which citizens comment. */
  setUp(): void {
    this.forwards = ['Info: pelayanan KTP-el keliling di Kecamatan Sinjai Borong pekan ini', 'Pengumuman: jadwal pemadaman air PDAM hari Sabtu'].map((t) => this.tg.channelPost(t).forward);
    this.videos = ['LIVE Dialog Publik Bupati Sinjai bersama warga', 'Berita Sinjai: perbaikan jalan poros Sinjai–Bulukumba'].map((t) => this.yt.addVideo(t));
  }

  /** One citizen post on Telegram (private chat, group or channel comment) or YouTube (comment or reply). */
  post(text: string, author: { name: string; username: string }, random: () => number = Math.random): void {
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const r = random();
    if (r < 0.5) {
      const from = this.tg.user({ firstName: author.name.split(' ')[0], lastName: author.name.split(' ').slice(1).join(' ') || undefined, username: author.username });
      if (r < 0.2) this.tg.privateMessage({ from, text });
      else if (r < 0.3) this.tg.groupMessage({ from, text });
      else this.tg.comment({ forward: pick(this.forwards), from, text });
      return;
    }
    if (r < 0.85 || !this.threads.length) this.threads.push(this.yt.addComment({ videoId: pick(this.videos), text, author: `@${author.username}` }).id);
    else this.yt.addReply({ threadId: pick(this.threads.slice(-20)), text, author: `@${author.username}` });
  }
}
