import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '../common/clock.js';
import bcrypt from 'bcryptjs';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { Principal } from './principal.js';
import { LoginFailure } from './login-failure.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import type { Role, User } from './user.entity.js';
import { UserRepository } from './user.repository.js';
import type { TokenResponse } from '../contracts/auth.js';

const BCRYPT_ROUNDS = 10;
// Compared against when the user does not exist, so timing does not reveal valid usernames.
const DUMMY_HASH = '$2b$10$BGW3rj1oyWkcHu6J1hLHxuDFVwCbJuoxqdlFgrfM0SSExs3SpiHda';

const REFRESH_TTL_MS = 14 * 24 * 3_600_000;
// After this many consecutive failures a username must wait, doubling each time up to 15 minutes.
const FREE_FAILURES = 3;
const MAX_LOCK_MS = 15 * 60_000;
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
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
  ) {}

  static toPrincipal(u: User): Principal {
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, opdCodes: u.role === 'opd' ? u.opdCodes : [] };
  }

  hashPassword(password: string): Promise<string> {
    return bcrypt.hash(password, BCRYPT_ROUNDS);
  }

  /** Repeated failures for a username are slowed down (whatever the source address). */
  async login(username: string, password: string): Promise<TokenResponse> {
    const key = username.trim().toLowerCase();
    const failures = this.ds.getRepository(LoginFailure);
    const record = await failures.findOneBy({ username: key });
    const now = this.clock.now();
    if (record?.lockedUntil && record.lockedUntil > now) {
      const wait = Math.ceil((record.lockedUntil.getTime() - now.getTime()) / 1000);
      throw new DomainError('too_many_requests', `Terlalu banyak percobaan gagal. Coba lagi dalam ${wait} detik.`, { retryAfterSec: wait });
    }
    const user = await this.users.findByUsernameWithHash(username);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      const n = (record?.failures ?? 0) + 1;
      const lockMs = n > FREE_FAILURES ? Math.min(MAX_LOCK_MS, 1000 * 2 ** (n - FREE_FAILURES)) : 0;
      await failures.upsert({ username: key, failures: n, lockedUntil: lockMs ? new Date(now.getTime() + lockMs) : null }, ['username']);
      this.logger.warn({ event: 'login_failed', username: key, failures: n });
      throw new DomainError('unauthorized', 'Nama pengguna atau kata sandi salah');
    }
    if (record) await failures.delete({ username: key });
    return this.issue(user);
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
    await this.ds.getRepository(RefreshToken).update({ tokenHash: hashToken(refreshToken), userId: user.id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  /** Verifies an access token and reloads the user, so a deactivated account loses access at once. */
  async verify(token: string): Promise<Principal> {
    let payload: { sub?: string; sid?: string; typ?: string };
    try {
      payload = await this.jwt.verifyAsync<{ sub: string; sid: string; typ: string }>(token);
    } catch {
      throw new DomainError('unauthorized', 'Token tidak valid atau kedaluwarsa');
    }
    if (payload.typ !== 'access' || !payload.sub || !payload.sid) throw new DomainError('unauthorized', 'Token tidak valid');
    const session = await this.ds.getRepository(RefreshToken).findOneBy({ id: payload.sid, userId: payload.sub });
    if (!session || session.revokedAt) throw new DomainError('unauthorized', 'Sesi sudah berakhir, silakan login lagi');
    const user = await this.users.findById(payload.sub);
    if (!user?.active) throw new DomainError('unauthorized', 'Pengguna tidak aktif');
    return AuthService.toPrincipal(user);
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
