import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { CaseWorkflowService } from '../cases/case-workflow.service.js';
import { CaseRatingsService } from '../citizen/case-ratings.service.js';

const EVERY_MS = 15_000;
const ANSWERS = [
  'Tim sudah turun ke lokasi dan menindaklanjuti laporan ini. Terima kasih atas laporannya.',
  'Laporan sudah kami tangani; petugas telah memperbaiki di lokasi yang disebutkan.',
  'Terima kasih. Informasi yang ditanyakan sudah kami jawab dan jadwal layanan sudah diumumkan.',
  'Usulan Anda kami catat dan masuk dalam rencana kerja tahun depan.',
];
const COMMENTS = ['Cepat ditangani, terima kasih.', 'Sudah bagus, semoga dipertahankan.', null, null];

/**
 * Demo mode shows the citizen's whole loop (issue 15): every few seconds the demo operator
 * answers and closes one routed case (its finish notice goes out on the fake platform), and a
 * "citizen" rates one finished case through the same service as the public rating link; now and
 * then one answers "belum selesai", which reopens the case to its OPD.
 */
@Injectable()
export class DemoCitizenLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemoCitizenLoop.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ratings: CaseRatingsService,
    private readonly workflow: CaseWorkflowService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.step().catch((e: unknown) =>
          this.logger.warn({ event: 'demo_loop_failed', error: String(e) }),
        ),
      EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(Math.random() * xs.length)];
  }

  async step(): Promise<void> {
    const [u] = await this.ds.query<Array<{ id: string; username: string; display_name: string }>>(
      `SELECT id, username, display_name FROM users WHERE username = 'operator'`,
    );
    if (!u) return;
    const operator: Principal = {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: 'operator',
      opdCodes: [],
    };
    const [open] = await this.ds.query<Array<{ id: string; status: string; version: number }>>(
      `SELECT id, status, version FROM cases WHERE status IN ('didisposisikan', 'diproses') AND created_at < now() - interval '20 seconds' ORDER BY random() LIMIT 1`,
    );
    if (open) {
      let c =
        open.status === 'didisposisikan'
          ? await this.workflow.accept(open.id, operator, open.version)
          : { version: open.version };
      c = await this.workflow.finish(open.id, operator, c.version, this.pick(ANSWERS));
      await this.workflow.validate(open.id, operator, c.version);
    }
    const [done] = await this.ds.query<Array<{ tracking_number: string; access_code: string }>>(
      `SELECT c.tracking_number, c.access_code FROM cases c LEFT JOIN case_ratings r ON r.case_id = c.id
        WHERE c.status = 'selesai' AND r.id IS NULL AND c.closed_at < now() - interval '10 seconds' ORDER BY random() LIMIT 1`,
    );
    if (done) {
      const resolved = Math.random() < 0.85;
      await this.ratings.rate(done.tracking_number, {
        code: done.access_code,
        score: resolved ? this.pick([3, 4, 4, 5, 5]) : this.pick([1, 2]),
        resolved,
        comment: resolved ? this.pick(COMMENTS) : 'Masih belum beres, mohon dicek lagi.',
      });
    }
  }
}
