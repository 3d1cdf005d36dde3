import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export type EnvGroup = 'server' | 'database' | 'security' | 'pipeline' | 'classification' | 'reports' | 'demo' | 'x' | 'tiktok' | 'meta' | 'whatsapp' | 'telegram' | 'youtube' | 'integration';

export interface EnvVarMeta {
  name: string;
  description: string;
  group: EnvGroup;
  sensitive: boolean;
  example?: string;
}

// Every variable carries a description, a group and a sensitivity flag (after twenty's
// config-variables.ts). `.env.example` is checked against this registry by a unit test.
export const ENV_VARS: EnvVarMeta[] = [];

function Env(meta: Omit<EnvVarMeta, 'name' | 'sensitive'> & { sensitive?: boolean }): PropertyDecorator {
  return (_target, key) => {
    ENV_VARS.push({ name: String(key), sensitive: false, ...meta });
  };
}

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toNum = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

export class EnvSchema {
  // ---- server
  @Env({ group: 'server', description: 'development, production or test; production requires explicit secrets' })
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Env({ group: 'server', description: 'HTTP port of the API, dashboard and socket.io', example: '3000' })
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Env({ group: 'server', description: 'Interface to listen on (0.0.0.0 in containers)', example: '0.0.0.0' })
  @IsString()
  HOST = '0.0.0.0';

  @Env({
    group: 'server',
    description: 'socket.io adapter: memory (one instance) or postgres (several instances share broadcasts through PostgreSQL LISTEN/NOTIFY)',
  })
  @IsIn(['memory', 'postgres'])
  SOCKET_IO_ADAPTER: 'memory' | 'postgres' = 'memory';

  @Env({ group: 'server', description: 'Log level: debug, log, warn or error' })
  @IsIn(['debug', 'log', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'log' | 'warn' | 'error' = 'log';

  @Env({ group: 'server', description: 'Log format: json (pino, one object per line; the default when NODE_ENV=production) or text (readable console; the default otherwise)' })
  @IsOptional()
  @IsIn(['json', 'text'])
  LOG_FORMAT?: 'json' | 'text';

  @Env({ group: 'server', description: 'Seconds between the log lines of activity totals (posts fetched, cases opened per platform); 0 turns them off' })
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LOG_TOTALS_INTERVAL_SEC = 60;

  @Env({ group: 'server', description: 'Bearer token that opens GET /api/metrics to Prometheus from any address (unset: only METRICS_ALLOW addresses)', sensitive: true })
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @Env({ group: 'server', description: 'Comma-separated IP addresses or CIDR ranges that may read GET /api/metrics without a token (default: loopback only)', example: '127.0.0.1,::1,10.0.0.0/8' })
  @IsOptional()
  @Matches(/^\s*[0-9a-fA-F:.]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F:.]+(\/\d{1,3})?)*\s*$/, { message: 'METRICS_ALLOW must be IP addresses or CIDR ranges separated by commas' })
  METRICS_ALLOW?: string;

  @Env({ group: 'server', description: 'Folder with the data files (OPD registry, regions, keywords, holidays)' })
  @IsString()
  CONFIG_DIR = 'config';

  @Env({ group: 'server', description: 'Folder for local state: embedded database, generated dev secrets, models' })
  @IsString()
  DATA_DIR = '.data';

  @Env({ group: 'server', description: 'Kemendagri code of the regency or city served (73.07 = Kabupaten Sinjai)' })
  @Matches(/^\d{2}\.\d{2}$/, { message: 'REGION_CODE must look like 73.07 (province.regency)' })
  REGION_CODE = '73.07';

  @Env({ group: 'server', description: "IANA time zone of the regency (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura)" })
  @IsTimeZone()
  TIMEZONE = 'Asia/Makassar';

  @Env({ group: 'server', description: 'Public address of the service, used in the tracking links sent to citizens (default http://localhost:PORT)', example: 'https://suarawarga.sinjaikab.go.id' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL?: string;

  @Env({ group: 'pipeline', description: 'How often the queue of acknowledgements and finish notices is worked, in seconds' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  NOTICE_TICK_SEC = 10;

  @Env({ group: 'server', description: "Express 'trust proxy' for the client address behind a reverse proxy (e.g. uniquelocal for the compose proxy); unset: the TCP peer", example: 'uniquelocal' })
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  // ---- database
  @Env({
    group: 'database',
    description: 'PostgreSQL URL; when empty an embedded PostgreSQL is started under DATA_DIR',
    example: 'postgres://suara:suara@localhost:5432/suara_warga',
    sensitive: true,
  })
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true }, {
    message: 'DATABASE_URL must be a postgres:// URL',
  })
  DATABASE_URL?: string;

  @Env({ group: 'database', description: 'Port of the embedded PostgreSQL (only without DATABASE_URL)' })
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Env({ group: 'database', description: 'Maximum connections in the pool' })
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(200)
  DB_POOL_SIZE = 10;

  // ---- security
  @Env({ group: 'security', description: 'Secret that signs access tokens (32+ chars; generated for development when empty)', sensitive: true })
  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Env({ group: 'security', description: 'Lifetime of an access token in seconds' })
  @Transform(toInt)
  @IsInt()
  @Min(60)
  ACCESS_TOKEN_TTL_SEC = 900;

  @Env({
    group: 'security',
    description: 'Key that encrypts platform tokens at rest: 32 bytes as 64 hex chars (generated for development when empty)',
    sensitive: true,
  })
  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.CREDENTIALS_KEY !== undefined)
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'CREDENTIALS_KEY must be 64 hex characters (32 bytes)' })
  CREDENTIALS_KEY?: string;

  @Env({ group: 'security', description: 'Username of the first admin, created at first start when no admin exists' })
  @IsOptional()
  @IsString()
  ADMIN_USERNAME?: string;

  @Env({ group: 'security', description: 'Password of that first admin (12+ chars)', sensitive: true })
  @ValidateIf((env: EnvSchema) => env.ADMIN_USERNAME !== undefined)
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  // ---- pipeline
  @Env({ group: 'pipeline', description: 'true to poll connector accounts on their schedule (false: API only, e.g. a second web instance)' })
  @IsIn(['true', 'false'])
  POLL_SCHEDULER_ENABLED: 'true' | 'false' = 'true';

  @Env({ group: 'pipeline', description: 'How often the poll scheduler looks for due accounts, in ms' })
  @Transform(toInt)
  @IsInt()
  @Min(50)
  POLL_TICK_MS = 1000;

  @Env({ group: 'pipeline', description: 'Default poll interval of a connector account, in seconds' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  POLL_DEFAULT_INTERVAL_SEC = 60;

  @Env({ group: 'pipeline', description: 'First retry delay after a transient connector failure, in ms (doubles each time)' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  POLL_BACKOFF_BASE_MS = 500;

  @Env({ group: 'pipeline', description: 'Cap of the retry delay after transient failures, in ms' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  POLL_BACKOFF_MAX_MS = 30000;

  @Env({ group: 'pipeline', description: 'Consecutive transient failures after which an account shows as down' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  POLL_DOWN_AFTER_FAILURES = 5;

  @Env({ group: 'pipeline', description: 'Consecutive auth failures after which an account is marked auth_expired' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_THRESHOLD = 1;

  @Env({ group: 'pipeline', description: 'Pages one poll run may fetch before yielding to other accounts' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  POLL_MAX_PAGES_PER_RUN = 20;

  @Env({ group: 'pipeline', description: 'How often the posts of open cases are re-read for edits and deletions, in minutes (fractions allowed, e.g. 0.5)' })
  @Transform(toNum)
  @IsNumber({}, { message: 'REFRESH_OPEN_POSTS_MIN must be a number of minutes' })
  @Min(0.05)
  REFRESH_OPEN_POSTS_MIN = 30;

  @Env({ group: 'pipeline', description: 'Most open-case posts one refresh re-reads per account (oldest-checked first; the rest wait for the next run)' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REFRESH_MAX_POSTS_PER_RUN = 5000;

  @Env({ group: 'pipeline', description: 'Times a webhook event that cannot be stored is tried again, in order, before it is quarantined and the drain moves on' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_DRAIN_MAX_ATTEMPTS = 5;

  @Env({ group: 'pipeline', description: 'Seconds after which a reply left pending or of unknown outcome is checked again (and how often that check runs)' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REPLY_RECHECK_SEC = 60;

  @Env({ group: 'pipeline', description: 'Timeout of one platform HTTP request, in ms' })
  @Transform(toInt)
  @IsInt()
  @Min(100)
  CONNECTOR_HTTP_TIMEOUT_MS = 15000;

  @Env({ group: 'pipeline', description: 'Longest post text kept, in characters (longer text is cut and flagged)' })
  @Transform(toInt)
  @IsInt()
  @Min(280)
  MAX_POST_TEXT_CHARS = 10000;

  // ---- classification
  @Env({ group: 'classification', description: 'Below this confidence (0..1) a case goes to the Diskominfo triage queue' })
  @Transform(toNum)
  @Min(0)
  @Max(1)
  CLASSIFIER_CONFIDENCE_THRESHOLD = 0.55;

  @Env({ group: 'classification', description: 'A citizen’s reply in the same thread or WhatsApp chat within this many hours joins the open case' })
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  THREAD_JOIN_HOURS = 72;

  @Env({ group: 'pipeline', description: 'How often the service-level check marks cases at risk or overdue, in seconds' })
  @Transform(toInt)
  @IsInt()
  @Min(5)
  SLA_CHECK_INTERVAL_SEC = 300;

  // ---- reports
  @Env({
    group: 'reports',
    description: 'SMTP server for e-mailing the weekly summary, e.g. smtps://user:pass@mail.example.go.id:465 (unset: no e-mail)',
    example: 'smtp://127.0.0.1:25',
    sensitive: true,
  })
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true }, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @Env({ group: 'reports', description: 'Comma-separated e-mail addresses that receive the weekly summary (unset: no e-mail)', example: 'sekda@sinjaikab.go.id,diskominfo@sinjaikab.go.id' })
  @IsOptional()
  @Matches(/^\s*[^\s@,]+@[^\s@,]+\.[^\s@,]+(\s*,\s*[^\s@,]+@[^\s@,]+\.[^\s@,]+)*\s*$/, { message: 'REPORT_RECIPIENTS must be e-mail addresses separated by commas' })
  REPORT_RECIPIENTS?: string;

  @Env({ group: 'reports', description: 'Sender of the weekly summary e-mail' })
  @IsString()
  REPORT_EMAIL_FROM = 'Suara Warga <no-reply@localhost>';

  // ---- demo
  @Env({ group: 'demo', description: 'auto (demo when no platform credentials are set), true or false' })
  @IsIn(['auto', 'true', 'false'])
  DEMO_MODE: 'auto' | 'true' | 'false' = 'auto';

  @Env({ group: 'demo', description: 'Mean delay between generated demo posts, in ms' })
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DEMO_POST_INTERVAL_MS = 3000;

  // ---- X
  @Env({ group: 'x', description: 'Base URL of the X API', example: 'https://api.x.com' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  X_BASE_URL = 'https://api.x.com';

  @Env({ group: 'x', description: 'App-only bearer token of the X app (enables the X connector)', sensitive: true })
  @IsOptional()
  @IsString()
  X_BEARER_TOKEN?: string;

  @Env({ group: 'x', description: 'Numeric user id of the regency X account whose mentions are read' })
  @ValidateIf((env: EnvSchema) => env.X_BEARER_TOKEN !== undefined)
  @Matches(/^\d{1,20}$/, { message: 'X_USER_ID must be the numeric id of the account (required with X_BEARER_TOKEN)' })
  X_USER_ID?: string;

  @Env({ group: 'x', description: 'Handle of that account, without @' })
  @ValidateIf((env: EnvSchema) => env.X_BEARER_TOKEN !== undefined)
  @Matches(/^\w{1,15}$/, { message: 'X_HANDLE must be an X handle without @ (required with X_BEARER_TOKEN)' })
  X_HANDLE?: string;

  @Env({ group: 'x', description: 'OAuth 2.0 user access token of that account, needed to post replies (lasts 2 hours)', sensitive: true })
  @IsOptional()
  @IsString()
  X_USER_ACCESS_TOKEN?: string;

  @Env({ group: 'x', description: 'OAuth 2.0 refresh token (scope offline.access); rotated tokens are then kept, encrypted, in the database', sensitive: true })
  @IsOptional()
  @IsString()
  X_USER_REFRESH_TOKEN?: string;

  @Env({ group: 'x', description: 'OAuth 2.0 client id of the X app (required with X_USER_REFRESH_TOKEN)' })
  @ValidateIf((env: EnvSchema) => env.X_USER_REFRESH_TOKEN !== undefined)
  @IsString({ message: 'X_CLIENT_ID is required with X_USER_REFRESH_TOKEN' })
  @Matches(/^\S+$/, { message: 'X_CLIENT_ID must not contain spaces' })
  X_CLIENT_ID?: string;

  @Env({ group: 'x', description: 'OAuth 2.0 client secret, for a confidential X app (empty for a public client)', sensitive: true })
  @IsOptional()
  @IsString()
  X_CLIENT_SECRET?: string;

  @Env({ group: 'x', description: 'Optional recent-search query, e.g. "(sinjai OR #sinjai) -is:retweet"' })
  @IsOptional()
  @IsString()
  X_SEARCH_QUERY?: string;

  @Env({ group: 'x', description: 'Poll interval of the X account, in seconds (X allows 450 requests / 15 min)' })
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(5)
  X_POLL_INTERVAL_SEC?: number;

  // ---- TikTok
  @Env({ group: 'tiktok', description: 'Base URL of the TikTok API for Business (Accounts API), up to the version', example: 'https://business-api.tiktok.com/open_api/v1.3' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  TIKTOK_BASE_URL = 'https://business-api.tiktok.com/open_api/v1.3';

  // ---- Meta (Facebook Pages, Instagram)
  @Env({ group: 'meta', description: 'Graph API version used by the Facebook and Instagram connectors', example: 'v25.0' })
  @Matches(/^v\d+\.\d+$/, { message: 'META_GRAPH_VERSION must look like v25.0' })
  META_GRAPH_VERSION = 'v25.0';

  @Env({ group: 'meta', description: 'Base URL of the Graph API for Facebook Pages, without the version', example: 'https://graph.facebook.com' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  FACEBOOK_BASE_URL = 'https://graph.facebook.com';

  @Env({ group: 'meta', description: 'Seconds of overlap when re-listing Facebook comments (late-indexed comments vs. re-read items); an account setting overlapSec wins' })
  @Transform(toInt)
  @IsInt()
  @Min(120)
  @Max(86400)
  FACEBOOK_COMMENT_OVERLAP_SEC = 300;

  @Env({
    group: 'meta',
    description: 'Base URL of the Graph API for Instagram, without the version (graph.instagram.com for Instagram Login)',
    example: 'https://graph.facebook.com',
  })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  INSTAGRAM_BASE_URL = 'https://graph.facebook.com';

  @Env({ group: 'meta', description: 'App secret of the Meta app: verifies X-Hub-Signature-256 of WhatsApp and Instagram webhooks', sensitive: true })
  @ValidateIf((env: EnvSchema) => env.WHATSAPP_ACCESS_TOKEN !== undefined || env.META_APP_SECRET !== undefined)
  @IsString()
  @MinLength(8, { message: 'META_APP_SECRET is required with WHATSAPP_ACCESS_TOKEN (the Meta app secret)' })
  META_APP_SECRET?: string;

  @Env({ group: 'meta', description: 'Verify token you typed in the Meta webhook settings (GET hub.verify_token handshake)', sensitive: true })
  @IsOptional()
  @IsString()
  META_WEBHOOK_VERIFY_TOKEN?: string;

  // ---- WhatsApp
  @Env({ group: 'whatsapp', description: 'Base URL of the WhatsApp Cloud API, without the version', example: 'https://graph.facebook.com' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  WHATSAPP_BASE_URL = 'https://graph.facebook.com';

  @Env({ group: 'whatsapp', description: 'System-user access token of the WhatsApp Business account (enables WhatsApp)', sensitive: true })
  @IsOptional()
  @IsString()
  WHATSAPP_ACCESS_TOKEN?: string;

  @Env({ group: 'whatsapp', description: 'Phone-number ID of the regency’s WhatsApp number (metadata.phone_number_id)' })
  @ValidateIf((env: EnvSchema) => env.WHATSAPP_ACCESS_TOKEN !== undefined)
  @Matches(/^\d{5,20}$/, { message: 'WHATSAPP_PHONE_NUMBER_ID must be the numeric phone-number id (required with WHATSAPP_ACCESS_TOKEN)' })
  WHATSAPP_PHONE_NUMBER_ID?: string;

  @Env({ group: 'whatsapp', description: 'Display number of that WhatsApp account, e.g. 6281100000000' })
  @IsOptional()
  @IsString()
  WHATSAPP_DISPLAY_NUMBER?: string;

  // ---- Telegram
  @Env({ group: 'telegram', description: 'Base URL of the Telegram Bot API (requests go to <base>/bot<token>/<method>)', example: 'https://api.telegram.org' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  TELEGRAM_BASE_URL = 'https://api.telegram.org';

  @Env({ group: 'telegram', description: 'Token of the regency’s Telegram bot from @BotFather (seeds one bot account; more go in config/accounts.json)', sensitive: true })
  @IsOptional()
  @Matches(/^\d{5,20}:[A-Za-z0-9_-]{20,100}$/, { message: 'TELEGRAM_BOT_TOKEN must look like 123456789:AA… (the token from @BotFather)' })
  TELEGRAM_BOT_TOKEN?: string;

  @Env({ group: 'telegram', description: 'getUpdates long-poll wait in seconds (0–50; the Bot API serves at most 50)' })
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50)
  TELEGRAM_LONG_POLL_SEC = 10;

  // ---- YouTube
  @Env({ group: 'youtube', description: 'Base URL of the YouTube Data API v3, without /youtube/v3', example: 'https://youtube.googleapis.com' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  YOUTUBE_BASE_URL = 'https://youtube.googleapis.com';

  @Env({ group: 'youtube', description: 'Google OAuth 2.0 token endpoint, used to refresh a channel’s access token', example: 'https://oauth2.googleapis.com/token' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  YOUTUBE_OAUTH_TOKEN_URL = 'https://oauth2.googleapis.com/token';

  @Env({ group: 'youtube', description: 'Daily quota of the Google Cloud project in units (resets at midnight Pacific time)' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  YOUTUBE_QUOTA_DAILY_UNITS = 10000;

  @Env({ group: 'youtube', description: 'Units of the daily quota kept for replies (comments.insert costs 50); reads stop before them' })
  @Transform(toInt)
  @IsInt()
  @Min(0)
  YOUTUBE_QUOTA_REPLY_RESERVE = 1000;

  @Env({
    group: 'youtube',
    description: 'Quota cost overrides as JSON, e.g. {"commentThreads.list":5} for the per-part model (defaults: lists 1, comments.insert 50)',
    example: '{"commentThreads.list":1,"comments.list":1,"comments.insert":50}',
  })
  @IsOptional()
  @IsString()
  YOUTUBE_QUOTA_COSTS?: string;

  // ---- integration (issue 18: SP4N-LAPOR!, outbound webhooks)
  @Env({ group: 'integration', description: 'Base URL of the SP4N-LAPOR! integration API; empty = forwarding off (demo mode uses a local fake)', example: 'https://api.lapor.go.id' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  LAPOR_BASE_URL?: string;

  @Env({ group: 'integration', description: 'Token of the regency’s LAPOR! developer account', sensitive: true })
  @IsOptional()
  @IsString()
  @MinLength(8)
  LAPOR_TOKEN?: string;

  @Env({ group: 'integration', description: 'How often the status of forwarded cases is read back from LAPOR!, in seconds' })
  @Transform(toInt)
  @IsInt()
  @Min(10)
  LAPOR_SYNC_SEC = 300;

  @Env({ group: 'integration', description: 'Forward to LAPOR! every open case overdue by more than this many days (0 = only cases an operator marks)' })
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LAPOR_AUTO_OVERDUE_DAYS = 0;

  @Env({ group: 'integration', description: 'How often the outbox (LAPOR! forwarding, webhooks) is worked, in milliseconds' })
  @Transform(toInt)
  @IsInt()
  @Min(100)
  OUTBOX_TICK_MS = 2000;

  @Env({ group: 'integration', description: 'true lets webhook subscribers point at loopback or private addresses (tests, a closed network); false refuses them' })
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' | 'false' = 'false';
  @Env({ group: 'security', description: 'How often open socket.io connections re-check their session (logout, revocation, deactivation, role change, expiry), in ms' })
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SOCKET_SESSION_CHECK_MS = 3000;

  @Env({ group: 'security', description: 'Login attempts one client (IP address) may make per minute, counted in PostgreSQL across instances; more answer 429 with Retry-After' })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_MIN = 20;

  @Env({
    group: 'security',
    description: 'Browser origins besides the service itself that may open the live socket (comma-separated, e.g. https://dashboard.sinjaikab.go.id); empty allows only the same origin',
    example: 'https://dashboard.sinjaikab.go.id',
  })
  @IsOptional()
  @IsString()
  ALLOWED_ORIGINS?: string;
}
