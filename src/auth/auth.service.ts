import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '../common/clock.js';
import bcrypt from 'bcryptjs';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents, type SessionEndReason } from '../common/events.js';
import { isUuid } from '../common/ids.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { Principal } from './principal.js';
import { RefreshToken } from './refresh-token.entity.js';
import type { Role, User } from './user.entity.js';
import { UserRepository } from './user.repository.js';
import type { TokenResponse } from '../contracts/auth.js';

const BCRYPT_ROUNDS = 10;
// Compared against when the user does not exist, so timing does not reveal valid usernames.
const DUMMY_HASH = '$2b$10$BGW3rj1oyWkcHu6J1hLHxuDFVwCbJuoxqdlFgrfM0SSExs3SpiHda';

const REFRESH_TTL_MS = 14 * 24 * 3_600_000;
// Login policy (README "Security model"). Failures are counted per username and client: after
// FREE_FAILURES the next attempt from that client waits 2 s, doubling up to 15 minutes. Across all
// clients a username gets GLOBAL_FREE_FAILURES, then a short slow-down (at most GLOBAL_MAX_LOCK_MS)
// that a client which has logged in as that user before does not feel: an attacker elsewhere can
// slow a known user down for seconds, never lock them out.
const FREE_FAILURES = 3;
const MAX_LOCK_MS = 15 * 60_000;
const FAILURES_FORGOTTEN_AFTER_MS = 60 * 60_000;
const GLOBAL_FREE_FAILURES = 20;
const GLOBAL_MAX_LOCK_MS = 10_000;
const GLOBAL_FORGOTTEN_AFTER_MS = 15 * 60_000;
const KNOWN_CLIENT_MS = 30 * 24 * 3_600_000;
const ALL_CLIENTS = '*';

// One statement counts the attempt *before* the password is checked, so concurrent guesses are
// serialised on the row lock and each sees the count of the ones before it (a read-modify-write
// lost most of them). No row back: the key is locked and the attempt is refused unchecked.
const COUNT_ATTEMPT = `
INSERT INTO login_failures AS f (username, client, failures, locked_until, updated_at)
VALUES ($1, $2, 1, CASE WHEN 1 > $3::int THEN now() + LEAST($4::float8, 1000 * 2 ^ (1 - $3::int)) * interval '1 millisecond' END, now())
ON CONFLICT (username, client) DO UPDATE SET
  failures = CASE WHEN f.updated_at < now() - $5::float8 * interval '1 millisecond' THEN 1 ELSE f.failures + 1 END,
  locked_until = CASE WHEN (CASE WHEN f.updated_at < now() - $5::float8 * interval '1 millisecond' THEN 1 ELSE f.failures + 1 END) > $3::int
    THEN now() + LEAST($4::float8, 1000 * 2 ^ ((CASE WHEN f.updated_at < now() - $5::float8 * interval '1 millisecond' THEN 1 ELSE f.failures + 1 END) - $3::int)) * interval '1 millisecond' END,
  updated_at = now()
WHERE f.locked_until IS NULL OR f.locked_until <= now()
RETURNING failures`;
const hashToken = (t: string): string => createHash('sha256').update(t).digest('hex');

/** The login answer: its shape is the shared wire contract. */
export type { TokenResponse } from '../contracts/auth.js';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
  ) {}

  static toPrincipal(u: User): Principal {
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, opdCodes: u.role === 'opd' ? u.opdCodes : [] };
  }

  hashPassword(password: string): Promise<string> {
    return bcrypt.hash(password, BCRYPT_ROUNDS);
  }

  /**
   * Checks a password under the login policy above; `client` is the caller's address (req.ip).
   * Every attempt is counted before bcrypt runs, so a burst of guesses mostly never reaches it.
   */
  async login(username: string, password: string, client = 'local'): Promise<TokenResponse> {
    const key = username.trim().toLowerCase();
    // Guesses at made-up usernames leave rows behind: now and then, forget the stale ones.
    if (++this.attempts % 1000 === 0)
      await this.ds.query(
        `DELETE FROM login_failures WHERE updated_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())
           AND (last_success_at IS NULL OR last_success_at < now() - $1::float8 * interval '1 millisecond')`,
        [KNOWN_CLIENT_MS],
      );
    await this.countAttempt(key, client, FREE_FAILURES, MAX_LOCK_MS, FAILURES_FORGOTTEN_AFTER_MS);
    const [known]: Array<{ known: boolean }> = await this.ds.query(
      `SELECT last_success_at > now() - $3::float8 * interval '1 millisecond' AS known FROM login_failures WHERE username = $1 AND client = $2`,
      [key, client, KNOWN_CLIENT_MS],
    );
    if (!known?.known) await this.countAttempt(key, ALL_CLIENTS, GLOBAL_FREE_FAILURES, GLOBAL_MAX_LOCK_MS, GLOBAL_FORGOTTEN_AFTER_MS);
    const user = await this.users.findByUsernameWithHash(username);
    this.passwordChecks++;
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      this.logger.warn({ event: 'login_failed', username: key, client });
      throw new DomainError('unauthorized', 'Nama pengguna atau kata sandi salah');
    }
    // This client is now known for this user; its own counter starts again.
    await this.ds.query(`UPDATE login_failures SET failures = 0, locked_until = NULL, last_success_at = now() WHERE username = $1 AND client = $2`, [key, client]);
    if (!known?.known) await this.ds.query(`UPDATE login_failures SET failures = GREATEST(failures - 1, 0) WHERE username = $1 AND client = $2`, [key, ALL_CLIENTS]);
    return this.issue(user);
  }

  /** How many passwords bcrypt has checked since start (what brute force costs the server). */
  passwordChecks = 0;
  private attempts = 0;

  private async countAttempt(username: string, client: string, free: number, maxLockMs: number, forgetMs: number): Promise<void> {
    const rows: unknown[] = await this.ds.query(COUNT_ATTEMPT, [username, client, free, maxLockMs, forgetMs]);
    if (rows.length) return;
    const [r]: Array<{ wait: number }> = await this.ds.query(
      `SELECT GREATEST(1, CEIL(EXTRACT(EPOCH FROM locked_until - now())))::int AS wait FROM login_failures WHERE username = $1 AND client = $2`,
      [username, client],
    );
    const wait = r?.wait ?? 1;
    throw new DomainError('too_many_requests', `Terlalu banyak percobaan gagal. Coba lagi dalam ${wait} detik.`, { retryAfterSec: wait });
  }

  async issue(user: User): Promise<TokenResponse> {
    const principal = AuthService.toPrincipal(user);
    const expiresIn = this.config.security.accessTokenTtlSec;
    const refreshToken = randomBytes(32).toString('base64url');
    const session = await this.ds
      .getRepository(RefreshToken)
      .save({ userId: user.id, tokenHash: hashToken(refreshToken), expiresAt: new Date(this.clock.now().getTime() + REFRESH_TTL_MS) });
    // The access token names its session, so logout (or rotation) ends it at once.
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: session.id, typ: 'access' }, { expiresIn });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn, user: principal };
  }

  /** Rotates a refresh token: the old one is revoked, a reused one is refused. */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    const repo = this.ds.getRepository(RefreshToken);
    const row = await repo.findOneBy({ tokenHash: hashToken(refreshToken) });
    if (!row || row.revokedAt || row.expiresAt < this.clock.now()) throw new DomainError('unauthorized', 'Sesi berakhir, silakan login lagi');
    const revoked = await repo.update({ id: row.id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    if (!revoked.affected) throw new DomainError('unauthorized', 'Sesi berakhir, silakan login lagi');
    const user = await this.users.findById(row.userId);
    if (!user?.active) throw new DomainError('unauthorized', 'Pengguna tidak aktif');
    return this.issue(user);
  }

  async logout(refreshToken: string, user: Principal): Promise<void> {
    const res = await this.ds
      .getRepository(RefreshToken)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: this.clock.now() })
      .where('token_hash = :h AND user_id = :u AND revoked_at IS NULL', { h: hashToken(refreshToken), u: user.id })
      .returning('id')
      .execute();
    const ids = (res.raw as Array<{ id: string }>).map((r) => r.id);
    if (ids.length) this.events.emit('auth.sessions_ended', { sessionIds: ids, reason: 'logout' });
  }

  /** Verifies an access token and reloads the user, so a deactivated account loses access at once. */
  async verify(token: string): Promise<Principal> {
    return (await this.verifySession(token)).principal;
  }

  /**
   * The session behind an access token: its id and expiry too, so an open socket can be closed when
   * it ends. A token without `exp` never ends by itself and is refused (issue 13 §2).
   */
  async verifySession(token: string): Promise<{ principal: Principal; sessionId: string; expiresAt: Date }> {
    let payload: { sub?: string; sid?: string; typ?: string; exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync<{ sub: string; sid: string; typ: string; exp?: unknown }>(token);
    } catch {
      throw new DomainError('unauthorized', 'Token tidak valid atau kedaluwarsa');
    }
    if (payload.typ !== 'access' || !payload.sub || !payload.sid || typeof payload.exp !== 'number') throw new DomainError('unauthorized', 'Token tidak valid');
    if (!isUuid(payload.sid) || !isUuid(payload.sub)) throw new DomainError('unauthorized', 'Token tidak valid');
    const session = await this.ds.getRepository(RefreshToken).findOneBy({ id: payload.sid, userId: payload.sub });
    if (!session || session.revokedAt) throw new DomainError('unauthorized', 'Sesi sudah berakhir, silakan login lagi');
    const user = await this.users.findById(payload.sub);
    if (!user?.active) throw new DomainError('unauthorized', 'Pengguna tidak aktif');
    return { principal: AuthService.toPrincipal(user), sessionId: session.id, expiresAt: new Date(payload.exp * 1000) };
  }

  /**
   * Why each of these sessions has ended, if it has (one query for all the sockets of an
   * instance): gone or revoked, user deactivated, or role or OPDs no longer those the socket holds.
   */
  async endedSessions(sessions: Array<{ sessionId: string; principal: Principal }>): Promise<Map<string, SessionEndReason>> {
    const ended = new Map<string, SessionEndReason>();
    if (!sessions.length) return ended;
    const rows: Array<{ id: string; revoked: boolean; active: boolean; role: Role; opd_codes: string[] }> = await this.ds.query(
      `SELECT rt.id, rt.revoked_at IS NOT NULL AS revoked, u.active, u.role, u.opd_codes
         FROM refresh_tokens rt JOIN users u ON u.id = rt.user_id WHERE rt.id = ANY($1::uuid[])`,
      [[...new Set(sessions.map((s) => s.sessionId))]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const s of sessions) {
      const r = byId.get(s.sessionId);
      const now = AuthService.toPrincipal({ role: r?.role, opdCodes: r?.opd_codes ?? [] } as User);
      if (!r) ended.set(s.sessionId, 'revoked');
      else if (!r.active) ended.set(s.sessionId, 'deactivated');
      else if (r.role !== s.principal.role || [...now.opdCodes].sort().join() !== [...s.principal.opdCodes].sort().join()) ended.set(s.sessionId, 'role_changed');
      else if (r.revoked) ended.set(s.sessionId, 'revoked');
    }
    return ended;
  }

  /** Ends every session of a user (admin): refresh tokens revoked, open sockets closed. */
  async revokeAll(userId: string, reason: SessionEndReason): Promise<number> {
    const res: [unknown[], number] = await this.ds.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    this.events.emit('auth.sessions_ended', { userId, reason });
    return res[1];
  }

  /** Creates a user unless the username exists; returns whether it was created. */
  async ensureUser(u: { username: string; displayName: string; password: string; role: Role; opdCodes?: string[] }): Promise<boolean> {
    if (await this.users.findByUsernameWithHash(u.username)) return false;
    try {
      await this.users.create({ username: u.username, displayName: u.displayName, passwordHash: await this.hashPassword(u.password), role: u.role, opdCodes: u.opdCodes ?? [] });
    } catch (e) {
      // Several instances starting at once on a new database: another one created it first.
      if ((e as { driverError?: { code?: string } }).driverError?.code === '23505') return false;
      throw e;
    }
    this.logger.log({ event: 'user_created', username: u.username, role: u.role });
    return true;
  }

  /** The first admin, from ADMIN_USERNAME / ADMIN_PASSWORD, when no admin exists yet. */
  async ensureFirstAdmin(): Promise<void> {
    const admin = this.config.security.admin;
    if (!admin || (await this.users.countByRole('admin')) > 0) return;
    await this.ensureUser({ username: admin.username, displayName: 'Administrator', password: admin.password, role: 'admin' });
  }
}
