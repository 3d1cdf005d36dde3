// (Re)computes the weekly summary of one ISO week and stores it: `npm run report -- --week 2026-W47`.
// Idempotent: running it again replaces the stored summary. `--email` also sends it to
// REPORT_RECIPIENTS (when SMTP_URL is set), even if it was sent before.
// Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR like `npm start`. Exit codes: 0 done,
// 1 configuration or run failure, 2 bad arguments.
import 'reflect-metadata';
import type { AppConfig } from '../src/config/app-config.js';
import { isValidWeek, weekAt, weekBounds } from '../src/reports/iso-week.js';

// Only the argument check is loaded up front; Nest, TypeORM and the report modules are imported
// once the arguments are known to be good, so a typo is answered at once.

const USAGE = 'usage: npm run report -- --week 2026-W47 [--email]';

function usage(problem: string): never {
  console.error(`report: ${problem}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): { week: string; email: boolean } {
  let week: string | undefined;
  let email = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--week') week = argv[++i] ?? usage('--week needs a value');
    else if (a.startsWith('--week=')) week = a.slice('--week='.length);
    else if (a === '--email') email = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else usage(`unknown argument ${JSON.stringify(a)}`);
  }
  if (week === undefined) usage('--week is required');
  if (!isValidWeek(week))
    usage(
      `--week must be an ISO week such as 2026-W47 (year-W, then 01 to 52 or 53); got ${JSON.stringify(week)}`,
    );
  return { week, email };
}

async function main(): Promise<void> {
  const { week, email } = parseArgs(process.argv.slice(2));
  const { ConfigValidationError, loadAppConfig } = await import('../src/config/app-config.js');
  let config: AppConfig;
  try {
    config = await loadAppConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      console.error(`report: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  if (weekBounds(week, config.timezone).from > new Date())
    usage(
      `week ${week} has not started yet (now ${weekAt(new Date(), config.timezone)} in ${config.timezone})`,
    );

  const [
    { NestFactory },
    { AppLogger },
    { startEmbeddedPostgres },
    { ReportMailer },
    { ReportsCliModule },
    { WeeklyReportService },
  ] = await Promise.all([
    import('@nestjs/core'),
    import('../src/common/logging/app-logger.js'),
    import('../src/database/embedded-postgres.js'),
    import('../src/reports/report-mailer.service.js'),
    import('../src/reports/reports-cli.module.js'),
    import('../src/reports/weekly-report.service.js'),
  ]);
  // Progress goes to stdout as one line; Nest's own logs only from warnings up (debug with LOG_LEVEL=debug).
  const logger = new AppLogger({
    json: config.log.format === 'json',
    logLevels:
      config.log.level === 'debug' ? ['fatal', 'error', 'warn', 'log', 'debug'] : ['fatal', 'error', 'warn'],
  });
  let db: { url: string; stop(): Promise<void> } | undefined;
  if (!config.database.url) {
    db = await startEmbeddedPostgres({
      dir: config.database.embeddedDir,
      port: config.database.embeddedPort,
      database: 'suara_warga',
    });
    config.database.url = db.url;
  }
  const app = await NestFactory.createApplicationContext(ReportsCliModule.forRoot(config), { logger });
  try {
    const summary = await app.get(WeeklyReportService).generate(week);
    console.log(
      `Ringkasan ${summary.week} (${summary.firstDay} s.d. ${summary.lastDay}, ${config.timezone}) disimpan: ${summary.total} kasus, ${summary.complaints} pengaduan.`,
    );
    if (email) console.log(`E-mail: ${await app.get(ReportMailer).send(summary, true)}`);
  } finally {
    await app.close();
    await db?.stop();
  }
}

main().catch((e: unknown) => {
  console.error('report failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
