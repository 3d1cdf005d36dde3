import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvSchema, ENV_VARS } from './env.schema.js';
import { loadRegion, type Region } from './region.js';
import { DEFAULT_YT_COSTS, type YtCostTable } from '../connectors/youtube/youtube.types.js';

export interface OpdDefinition {
  code: string;
  name: string;
  description: string;
}

export interface XAccountConfig {
  bearerToken: string;
  userId: string;
  handle: string;
  /** OAuth 2.0 user context for replies, refreshed when userRefreshToken and clientId are set. */
  userAccessToken?: string;
  userRefreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  searchQuery?: string;
  pollIntervalSec?: number;
}

export interface ServiceLevelConfig {
  triageWorkingDays: number;
  followUpWorkingDays: Record<'complaint' | 'aspiration' | 'question' | 'other', number>;
  autoCloseWorkingDays: number;
  atRiskWorkingDays: number;
  /** Holidays and cuti bersama, YYYY-MM-DD. */
  holidays: string[];
  /** Years whose holiday list is still provisional (warned at start). */
  provisionalYears: number[];
}

/** A connector account declared in config/accounts.json; its tokens are read from the named env variables. */
export interface SeedAccountConfig {
  platform: 'facebook' | 'instagram' | 'x' | 'tiktok' | 'whatsapp' | 'telegram' | 'youtube';
  externalAccountId: string;
  handle: string;
  displayName?: string;
  pollIntervalSec?: number;
  settings?: Record<string, unknown>;
  credentials: Record<string, string>;
}

export interface AppConfig {
  env: EnvSchema['NODE_ENV'];
  server: { host: string; port: number; socketAdapter: 'memory' | 'postgres' };
  log: { format: 'json' | 'text'; level: EnvSchema['LOG_LEVEL']; totalsIntervalSec: number };
  metrics: { token?: string; allow: string[] };
  paths: { configDir: string; dataDir: string };
  region: Region;
  timezone: string;
  database: { url?: string; embeddedDir: string; embeddedPort: number; poolSize: number };
  security: {
    accessTokenTtlSec: number;
    admin?: { username: string; password: string };
    credentialsKey: Buffer;
    jwtSecret: string;
    /** How often open sockets re-check their session (issue 13 §2). */
    socketSessionCheckMs: number;
    /** Login attempts per client and minute (issue 13 §3). */
    loginLimitPerMin: number;
    /** Browser origins, besides the service's own, allowed to open the socket. */
    allowedOrigins: string[];
  };
  pipeline: {
    authFailureThreshold: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    defaultIntervalSec: number;
    downAfterFailures: number;
    httpTimeoutMs: number;
    maxPagesPerRun: number;
    maxPostTextChars: number;
    refreshOpenPostsMin: number;
    refreshMaxPostsPerRun: number;
    replyRecheckSec: number;
    schedulerEnabled: boolean;
    tickMs: number;
    webhookDrainMaxAttempts: number;
  };
  classification: { confidenceThreshold: number };
  sla: ServiceLevelConfig & { checkIntervalSec: number };
  cases: { threadJoinHours: number };
  demo: { enabled: boolean; postIntervalMs: number };
  /** E-mail of the weekly summary: only when both an SMTP URL and recipients are set. */
  reports: { emailFrom: string; recipients: string[]; smtpUrl?: string };
  opds: OpdDefinition[];
  triageOpd: string;
  /** Accounts from config/accounts.json (several per platform), seeded at start. */
  seedAccounts: SeedAccountConfig[];
  connectors: {
    x: { baseUrl: string; account?: XAccountConfig };
    facebook: { baseUrl: string; graphVersion: string; commentOverlapSec: number };
    instagram: { baseUrl: string; graphVersion: string };
    tiktok: { baseUrl: string };
    whatsapp: { baseUrl: string; graphVersion: string; account?: { accessToken: string; phoneNumberId: string; displayNumber?: string } };
    telegram: { baseUrl: string; longPollSec: number; botToken?: string };
    youtube: { baseUrl: string; oauthTokenUrl: string; quota: { dailyUnits: number; replyReserve: number; costs: YtCostTable } };
  };
  webhooks: { metaAppSecret?: string; metaVerifyToken?: string };
  /** The citizen's loop (issue 15): tracking links and the notice queue. */
  citizen: { publicBaseUrl: string; noticeTickSec: number; trustProxy?: string };
  /** Upward and outward integration (issue 18). */
  integration: {
    lapor: { baseUrl?: string; token?: string; syncSec: number; autoOverdueDays: number };
    outboxTickMs: number;
    allowPrivateWebhookTargets: boolean;
  };
}

/** Thrown when configuration is invalid; `problems` lists every one of them. */
export class ConfigValidationError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
  }
}

/** One line per bad variable, with the value that was given unless it is a secret. */
function flatten(errors: ValidationError[]): string[] {
  return errors.map((e) => {
    const sensitive = ENV_VARS.find((v) => v.name === e.property)?.sensitive ?? true;
    const given = e.value === undefined ? 'missing' : sensitive ? 'value hidden' : `got ${JSON.stringify(e.value)}`;
    return `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (${given})`;
  });
}

type RawEnv = Record<string, string | undefined>;

/** Empty strings count as unset, so `FOO=` in a .env file means "use the default". */
function cleanEnv(raw: RawEnv): Record<string, string> {
  const known = new Set(ENV_VARS.map((v) => v.name));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (known.has(k) && v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out;
}

export function validateEnv(raw: RawEnv): { env: EnvSchema; problems: string[] } {
  const env = plainToInstance(EnvSchema, cleanEnv(raw));
  const problems = flatten(validateSync(env, { forbidUnknownValues: false, stopAtFirstError: true }));
  return { env, problems };
}

function readJson<T>(file: string, problems: string[]): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    problems.push(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

function loadOpds(configDir: string, problems: string[]): { opds: OpdDefinition[]; triageOpd: string } {
  const file = join(configDir, 'opd-registry.json');
  const data = readJson<{ triageOpd?: unknown; opds?: unknown }>(file, problems);
  if (!data) return { opds: [], triageOpd: 'DISKOMINFO' };
  const opds: OpdDefinition[] = [];
  if (!Array.isArray(data.opds) || data.opds.length === 0) problems.push(`${file}: "opds" must be a non-empty array`);
  else
    data.opds.forEach((o: Record<string, unknown>, i: number) => {
      if (typeof o.code !== 'string' || !/^[A-Z][A-Z0-9_]{1,31}$/.test(o.code))
        problems.push(`${file}: opds[${i}].code must be an upper-case code like DPUPR`);
      else if (typeof o.name !== 'string' || !o.name.trim()) problems.push(`${file}: opds[${i}] (${o.code}) needs a name`);
      else if (opds.some((x) => x.code === o.code)) problems.push(`${file}: duplicate OPD code ${o.code}`);
      else opds.push({ code: o.code, name: o.name, description: typeof o.description === 'string' ? o.description : '' });
    });
  const triageOpd = typeof data.triageOpd === 'string' ? data.triageOpd : 'DISKOMINFO';
  if (opds.length && !opds.some((o) => o.code === triageOpd))
    problems.push(`${file}: triageOpd ${triageOpd} is not one of the OPDs`);
  return { opds, triageOpd };
}

function loadServiceLevels(configDir: string, problems: string[]): ServiceLevelConfig {
  const file = join(configDir, 'service-levels.json');
  const d = readJson<Record<string, unknown>>(file, problems) ?? {};
  const posInt = (v: unknown, name: string): number => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 365) return v;
    problems.push(`${file}: ${name} must be a whole number of working days (0–365)`);
    return 0;
  };
  const f = (d.followUpWorkingDays ?? {}) as Record<string, unknown>;
  const sla: ServiceLevelConfig = {
    triageWorkingDays: posInt(d.triageWorkingDays, 'triageWorkingDays'),
    followUpWorkingDays: {
      complaint: posInt(f.complaint, 'followUpWorkingDays.complaint'),
      aspiration: posInt(f.aspiration, 'followUpWorkingDays.aspiration'),
      question: posInt(f.question, 'followUpWorkingDays.question'),
      other: posInt(f.other, 'followUpWorkingDays.other'),
    },
    autoCloseWorkingDays: posInt(d.autoCloseWorkingDays, 'autoCloseWorkingDays'),
    atRiskWorkingDays: posInt(d.atRiskWorkingDays, 'atRiskWorkingDays'),
    holidays: [],
    provisionalYears: [],
  };
  const dir = join(configDir, 'holidays');
  if (!existsSync(dir)) problems.push(`${dir}: the holiday calendar folder is missing`);
  else
    for (const name of readdirSync(dir).filter((n) => /^\d{4}\.json$/.test(n)).sort()) {
      const h = readJson<{ year?: number; status?: string; holidays?: unknown; cutiBersama?: unknown }>(join(dir, name), problems);
      if (!h) continue;
      for (const list of [h.holidays, h.cutiBersama]) {
        if (!Array.isArray(list)) {
          problems.push(`${join(dir, name)}: holidays and cutiBersama must be arrays`);
          continue;
        }
        for (const e of list as Array<{ date?: unknown }>) {
          if (typeof e.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.date) && !Number.isNaN(Date.parse(e.date))) sla.holidays.push(e.date);
          else problems.push(`${join(dir, name)}: bad date ${JSON.stringify(e.date)}`);
        }
      }
      if (h.status !== 'official' && typeof h.year === 'number') sla.provisionalYears.push(h.year);
    }
  return sla;
}

const PLATFORM_NAMES = ['facebook', 'instagram', 'x', 'tiktok', 'whatsapp', 'telegram', 'youtube'];

/**
 * config/accounts.json (optional): the regency's accounts as data. Tokens never sit in the file:
 * `credentialsFromEnv` names the environment variable that holds each one.
 */
function loadSeedAccounts(configDir: string, raw: RawEnv, problems: string[]): SeedAccountConfig[] {
  const file = join(configDir, 'accounts.json');
  if (!existsSync(file)) return [];
  const data = readJson<{ accounts?: unknown }>(file, problems);
  if (!data) return [];
  if (!Array.isArray(data.accounts)) {
    problems.push(`${file}: "accounts" must be an array`);
    return [];
  }
  const out: SeedAccountConfig[] = [];
  data.accounts.forEach((a: Record<string, unknown>, i: number) => {
    const where = `${file}: accounts[${i}]`;
    const before = problems.length;
    if (typeof a.platform !== 'string' || !PLATFORM_NAMES.includes(a.platform)) problems.push(`${where}.platform must be one of ${PLATFORM_NAMES.join(', ')}`);
    if (typeof a.externalAccountId !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(a.externalAccountId)) problems.push(`${where}.externalAccountId must be the platform id of the account`);
    if (typeof a.handle !== 'string' || !a.handle.trim()) problems.push(`${where}.handle is required`);
    if (a.pollIntervalSec !== undefined && (typeof a.pollIntervalSec !== 'number' || a.pollIntervalSec < 5)) problems.push(`${where}.pollIntervalSec must be at least 5`);
    const credentials: Record<string, string> = {};
    const refs = (a.credentialsFromEnv ?? {}) as Record<string, unknown>;
    if (typeof refs !== 'object' || !Object.keys(refs).length) problems.push(`${where}.credentialsFromEnv must name the env variables holding its tokens`);
    for (const [key, envName] of Object.entries(refs)) {
      const value = typeof envName === 'string' ? raw[envName] : undefined;
      if (!value?.trim()) problems.push(`${where}: environment variable ${String(envName)} (for ${key}) is not set`);
      else credentials[key] = value.trim();
    }
    if (problems.length === before)
      out.push({
        platform: a.platform as SeedAccountConfig['platform'],
        externalAccountId: a.externalAccountId as string,
        handle: (a.handle as string).trim(),
        displayName: typeof a.displayName === 'string' ? a.displayName : undefined,
        pollIntervalSec: a.pollIntervalSec as number | undefined,
        settings: typeof a.settings === 'object' && a.settings !== null ? (a.settings as Record<string, unknown>) : undefined,
        credentials,
      });
  });
  return out;
}

/** Development secrets are generated once and kept in DATA_DIR so sessions and tokens survive restarts. */
function devSecrets(dataDir: string): { jwtSecret: string; credentialsKey: string } {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret: string; credentialsKey: string };
  const secrets = { jwtSecret: randomBytes(32).toString('hex'), credentialsKey: randomBytes(32).toString('hex') };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

const abs = (p: string): string => (isAbsolute(p) ? p : resolve(process.cwd(), p));

/**
 * Validates the environment and the data files under CONFIG_DIR once, and returns the typed
 * configuration. Every problem is collected before failing, so one start shows all of them.
 */
export async function loadAppConfig(raw: RawEnv = process.env): Promise<AppConfig> {
  const { env, problems } = validateEnv(raw);
  const configDir = abs(env.CONFIG_DIR ?? 'config');
  const dataDir = abs(env.DATA_DIR ?? '.data');
  if (!existsSync(configDir)) problems.push(`CONFIG_DIR: folder ${configDir} does not exist`);
  const { opds, triageOpd } = existsSync(configDir) ? loadOpds(configDir, problems) : { opds: [], triageOpd: 'DISKOMINFO' };
  const sla = existsSync(configDir) ? loadServiceLevels(configDir, problems) : undefined;
  const seedAccounts = existsSync(configDir) ? loadSeedAccounts(configDir, raw, problems) : [];
  const youtubeCosts = parseYouTubeCosts(env.YOUTUBE_QUOTA_COSTS, problems);
  let region: Region | undefined;
  if (!problems.some((p) => p.startsWith('REGION_CODE')))
    try {
      region = await loadRegion(configDir, env.REGION_CODE);
    } catch (e) {
      problems.push(`REGION_CODE: ${e instanceof Error ? e.message : String(e)}`);
    }
  if (problems.length) throw new ConfigValidationError(problems);

  const secrets =
    env.JWT_SECRET && env.CREDENTIALS_KEY ? undefined : devSecrets(dataDir);
  const xAccount: XAccountConfig | undefined =
    env.X_BEARER_TOKEN && env.X_USER_ID && env.X_HANDLE
      ? {
          bearerToken: env.X_BEARER_TOKEN,
          userId: env.X_USER_ID,
          handle: env.X_HANDLE,
          userAccessToken: env.X_USER_ACCESS_TOKEN,
          userRefreshToken: env.X_USER_REFRESH_TOKEN,
          clientId: env.X_CLIENT_ID,
          clientSecret: env.X_CLIENT_SECRET,
          searchQuery: env.X_SEARCH_QUERY,
          pollIntervalSec: env.X_POLL_INTERVAL_SEC,
        }
      : undefined;
  const hasCredentials = Boolean(xAccount || env.WHATSAPP_ACCESS_TOKEN || env.TELEGRAM_BOT_TOKEN || seedAccounts.length);

  return {
    env: env.NODE_ENV,
    server: { host: env.HOST, port: env.PORT, socketAdapter: env.SOCKET_IO_ADAPTER },
    log: { format: env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'text'), level: env.LOG_LEVEL, totalsIntervalSec: env.LOG_TOTALS_INTERVAL_SEC },
    metrics: { token: env.METRICS_TOKEN, allow: (env.METRICS_ALLOW ?? '127.0.0.1,::1').split(',').map((a) => a.trim()).filter(Boolean) },
    paths: { configDir, dataDir },
    region: region!,
    timezone: env.TIMEZONE,
    database: {
      url: env.DATABASE_URL,
      embeddedDir: join(dataDir, 'postgres'),
      embeddedPort: env.EMBEDDED_PG_PORT,
      poolSize: env.DB_POOL_SIZE,
    },
    security: {
      accessTokenTtlSec: env.ACCESS_TOKEN_TTL_SEC,
      admin: env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : undefined,
      credentialsKey: Buffer.from(env.CREDENTIALS_KEY ?? secrets!.credentialsKey, 'hex'),
      jwtSecret: env.JWT_SECRET ?? secrets!.jwtSecret,
      socketSessionCheckMs: env.SOCKET_SESSION_CHECK_MS,
      loginLimitPerMin: env.LOGIN_LIMIT_PER_MIN,
      allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean),
    },
    pipeline: {
      authFailureThreshold: env.AUTH_FAILURE_THRESHOLD,
      backoffBaseMs: env.POLL_BACKOFF_BASE_MS,
      backoffMaxMs: env.POLL_BACKOFF_MAX_MS,
      defaultIntervalSec: env.POLL_DEFAULT_INTERVAL_SEC,
      downAfterFailures: env.POLL_DOWN_AFTER_FAILURES,
      httpTimeoutMs: env.CONNECTOR_HTTP_TIMEOUT_MS,
      maxPagesPerRun: env.POLL_MAX_PAGES_PER_RUN,
      maxPostTextChars: env.MAX_POST_TEXT_CHARS,
      refreshOpenPostsMin: env.REFRESH_OPEN_POSTS_MIN,
      refreshMaxPostsPerRun: env.REFRESH_MAX_POSTS_PER_RUN,
      replyRecheckSec: env.REPLY_RECHECK_SEC,
      schedulerEnabled: env.POLL_SCHEDULER_ENABLED === 'true',
      tickMs: env.POLL_TICK_MS,
      webhookDrainMaxAttempts: env.WEBHOOK_DRAIN_MAX_ATTEMPTS,
    },
    classification: { confidenceThreshold: env.CLASSIFIER_CONFIDENCE_THRESHOLD },
    sla: { ...sla!, checkIntervalSec: env.SLA_CHECK_INTERVAL_SEC },
    cases: { threadJoinHours: env.THREAD_JOIN_HOURS },
    demo: {
      enabled: env.DEMO_MODE === 'true' || (env.DEMO_MODE === 'auto' && !hasCredentials),
      postIntervalMs: env.DEMO_POST_INTERVAL_MS,
    },
    reports: {
      emailFrom: env.REPORT_EMAIL_FROM,
      recipients: (env.REPORT_RECIPIENTS ?? '').split(',').map((r) => r.trim()).filter(Boolean),
      smtpUrl: env.SMTP_URL,
    },
    opds,
    triageOpd,
    seedAccounts,
    webhooks: { metaAppSecret: env.META_APP_SECRET, metaVerifyToken: env.META_WEBHOOK_VERIFY_TOKEN },
    citizen: { publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''), noticeTickSec: env.NOTICE_TICK_SEC, trustProxy: env.TRUST_PROXY },
    integration: {
      lapor: { baseUrl: env.LAPOR_BASE_URL?.replace(/\/+$/, ''), token: env.LAPOR_TOKEN, syncSec: env.LAPOR_SYNC_SEC, autoOverdueDays: env.LAPOR_AUTO_OVERDUE_DAYS },
      outboxTickMs: env.OUTBOX_TICK_MS,
      allowPrivateWebhookTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
    },
    connectors: {
      x: { baseUrl: env.X_BASE_URL.replace(/\/+$/, ''), account: xAccount },
      facebook: { baseUrl: env.FACEBOOK_BASE_URL.replace(/\/+$/, ''), graphVersion: env.META_GRAPH_VERSION, commentOverlapSec: env.FACEBOOK_COMMENT_OVERLAP_SEC },
      instagram: { baseUrl: env.INSTAGRAM_BASE_URL.replace(/\/+$/, ''), graphVersion: env.META_GRAPH_VERSION },
      tiktok: { baseUrl: env.TIKTOK_BASE_URL.replace(/\/+$/, '') },
      whatsapp: {
        baseUrl: env.WHATSAPP_BASE_URL.replace(/\/+$/, ''),
        graphVersion: env.META_GRAPH_VERSION,
        account:
          env.WHATSAPP_ACCESS_TOKEN && env.WHATSAPP_PHONE_NUMBER_ID
            ? { accessToken: env.WHATSAPP_ACCESS_TOKEN, phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID, displayNumber: env.WHATSAPP_DISPLAY_NUMBER }
            : undefined,
      },
      telegram: { baseUrl: env.TELEGRAM_BASE_URL.replace(/\/+$/, ''), longPollSec: env.TELEGRAM_LONG_POLL_SEC, botToken: env.TELEGRAM_BOT_TOKEN },
      youtube: {
        baseUrl: env.YOUTUBE_BASE_URL.replace(/\/+$/, ''),
        oauthTokenUrl: env.YOUTUBE_OAUTH_TOKEN_URL,
        quota: { dailyUnits: env.YOUTUBE_QUOTA_DAILY_UNITS, replyReserve: env.YOUTUBE_QUOTA_REPLY_RESERVE, costs: youtubeCosts },
      },
    },
  };
}

/** YOUTUBE_QUOTA_COSTS: overrides of the cost table (§8.5), e.g. {"commentThreads.list":5}. */
function parseYouTubeCosts(raw: string | undefined, problems: string[]): YtCostTable {
  if (!raw) return { ...DEFAULT_YT_COSTS };
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    problems.push(`YOUTUBE_QUOTA_COSTS: not JSON (got ${JSON.stringify(raw.slice(0, 80))})`);
    return { ...DEFAULT_YT_COSTS };
  }
  const costs = { ...DEFAULT_YT_COSTS };
  if (typeof o !== 'object' || o === null || Array.isArray(o)) problems.push('YOUTUBE_QUOTA_COSTS: must be a JSON object of method → units');
  else
    for (const [k, v] of Object.entries(o)) {
      if (!(k in costs)) problems.push(`YOUTUBE_QUOTA_COSTS: unknown method ${k} (known: ${Object.keys(costs).join(', ')})`);
      else if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100_000) problems.push(`YOUTUBE_QUOTA_COSTS: ${k} must be a whole number of units`);
      else costs[k as keyof YtCostTable] = v;
    }
  return costs;
}
