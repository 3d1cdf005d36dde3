import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan, type EntityManager } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import type { Principal } from '../auth/principal.js';
import { User } from '../auth/user.entity.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents, type SessionEndReason } from '../common/events.js';
import { ConnectorAccount } from '../connectors/connector-account.entity.js';
import { ConnectorRegistry } from '../connectors/connector.registry.js';
import { CredentialsCipher } from '../connectors/credentials-cipher.js';
import { patch } from '../database/patch.js';
import { Opd } from '../routing/opd.entity.js';
import { checkNoticeSettings } from '../citizen/citizen-notices.js';
import { RoutingRule } from '../routing/routing-rule.entity.js';
import type { CreateAccountDto, CreateUserDto, RoutingRulesDto, UpdateAccountDto, UpdateOpdDto, UpdateUserDto } from './admin.dto.js';
import { quarantineCounts } from '../health/account-activity.js';
import { AuditLog } from './audit-log.entity.js';
import { isUuid } from '../common/ids.js';

const accountView = (a: ConnectorAccount) => ({
  id: a.id,
  platform: a.platform,
  externalAccountId: a.externalAccountId,
  handle: a.handle,
  displayName: a.displayName,
  settings: a.settings,
  enabled: a.enabled,
  pollIntervalSec: a.pollIntervalSec,
  state: a.healthState,
  detail: a.healthDetail,
  retryAt: a.retryAt?.toISOString() ?? null,
  lastPolledAt: a.lastPolledAt?.toISOString() ?? null,
  lastSuccessAt: a.lastSuccessAt?.toISOString() ?? null,
});

const userView = (u: User) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, opdCodes: u.opdCodes, active: u.active, createdAt: u.createdAt.toISOString() });

/** Administration of people, OPDs, connector accounts and routing rules; every change is audited. */
@Injectable()
export class AdminService {
  constructor(
    private readonly auth: AuthService,
    private readonly cipher: CredentialsCipher,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly registry: ConnectorRegistry,
  ) {}

  private async log(m: EntityManager, actor: Principal, action: string, targetType: string, targetId: string, data: Record<string, unknown>): Promise<void> {
    await m.getRepository(AuditLog).insert(patch<AuditLog>({ actorUserId: actor.id, actorLabel: actor.username, action, targetType, targetId, data }));
  }

  private async checkOpds(codes: string[] | undefined): Promise<void> {
    if (!codes?.length) return;
    const found = await this.ds.getRepository(Opd).countBy({ code: In(codes) });
    if (found !== new Set(codes).size) throw new DomainError('validation', 'opdCodes contains an unknown OPD code');
  }

  async listOpds() {
    const rows = await this.ds.getRepository(Opd).find({ order: { code: 'ASC' } });
    return { items: rows.map((o) => ({ code: o.code, name: o.name, description: o.description, active: o.active })) };
  }

  async updateOpd(code: string, dto: UpdateOpdDto, actor: Principal) {
    return this.ds.transaction(async (m) => {
      const opd = await m.getRepository(Opd).findOneBy({ code });
      if (!opd) throw new DomainError('not_found', `OPD ${code} tidak ada`);
      const before = { name: opd.name, description: opd.description, active: opd.active };
      Object.assign(opd, dto);
      await m.getRepository(Opd).save(opd);
      await this.log(m, actor, 'opd.updated', 'opd', code, { before, after: dto });
      return { code: opd.code, name: opd.name, description: opd.description, active: opd.active };
    });
  }

  async listUsers() {
    return { items: (await this.ds.getRepository(User).find({ order: { username: 'ASC' } })).map(userView) };
  }

  async createUser(dto: CreateUserDto, actor: Principal) {
    if (dto.role === 'opd' && !dto.opdCodes?.length) throw new DomainError('validation', 'An opd user needs at least one OPD in opdCodes');
    await this.checkOpds(dto.opdCodes);
    if (await this.ds.getRepository(User).exists({ where: { username: dto.username } })) throw new DomainError('conflict', `username ${dto.username} is taken`);
    return this.ds.transaction(async (m) => {
      const user = await m.getRepository(User).save(
        m.getRepository(User).create({ username: dto.username, displayName: dto.displayName, passwordHash: await this.auth.hashPassword(dto.password), role: dto.role, opdCodes: dto.role === 'opd' ? dto.opdCodes! : [] }),
      );
      await this.log(m, actor, 'user.created', 'user', user.id, { username: user.username, role: user.role, opdCodes: user.opdCodes });
      return userView(user);
    });
  }

  async updateUser(id: string, dto: UpdateUserDto, actor: Principal) {
    await this.checkOpds(dto.opdCodes);
    let ended: SessionEndReason | null = null;
    const view = await this.ds.transaction(async (m) => {
      const user = await m.getRepository(User).findOneBy({ id: isUuid(id) ? id : '00000000-0000-0000-0000-000000000000' });
      if (!user) throw new DomainError('not_found', 'Pengguna tidak ditemukan');
      if (user.id === actor.id && (dto.active === false || (dto.role && dto.role !== 'admin'))) throw new DomainError('validation', 'You cannot deactivate or demote yourself');
      const before = { displayName: user.displayName, role: user.role, opdCodes: user.opdCodes, active: user.active };
      if (dto.displayName) user.displayName = dto.displayName;
      if (dto.role) user.role = dto.role;
      if (dto.opdCodes) user.opdCodes = dto.opdCodes;
      if (dto.active !== undefined) user.active = dto.active;
      if (user.role === 'opd' && !user.opdCodes.length) throw new DomainError('validation', 'An opd user needs at least one OPD in opdCodes');
      if (user.role !== 'opd') user.opdCodes = [];
      if (dto.password) await m.getRepository(User).update({ id }, { passwordHash: await this.auth.hashPassword(dto.password) });
      await m.getRepository(User).save(user);
      // Deactivation or a role change ends the user's sessions.
      if (dto.active === false || dto.role || dto.opdCodes || dto.password) {
        await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
        ended = dto.active === false ? 'deactivated' : dto.role || dto.opdCodes ? 'role_changed' : 'revoked';
      }
      await this.log(m, actor, 'user.updated', 'user', id, { before, after: { ...dto, password: dto.password ? '(changed)' : undefined } });
      return userView(user);
    });
    // After commit: open sockets of the user are told and closed (issue 13 §2).
    if (ended) this.events.emit('auth.sessions_ended', { userId: view.id, reason: ended });
    return view;
  }

  /** Ends every session of a user at once (a lost phone, a leaked token). */
  async revokeSessions(id: string, actor: Principal) {
    if (!isUuid(id)) throw new DomainError('not_found', 'Pengguna tidak ditemukan');
    const user = await this.ds.getRepository(User).findOneBy({ id });
    if (!user) throw new DomainError('not_found', 'Pengguna tidak ditemukan');
    const revoked = await this.auth.revokeAll(id, 'revoked');
    await this.log(this.ds.manager, actor, 'user.sessions_revoked', 'user', id, { revoked });
    return { revoked };
  }

  async listAccounts() {
    const quarantined = await quarantineCounts(this.ds);
    const rows = await this.ds.getRepository(ConnectorAccount).find({ order: { platform: 'ASC', handle: 'ASC' } });
    return { items: rows.map((a) => ({ ...accountView(a), quarantined: quarantined.get(a.id) ?? 0 })) };
  }

  async createAccount(dto: CreateAccountDto, actor: Principal) {
    if (!this.registry.supports(dto.platform)) throw new DomainError('validation', `no connector for platform ${dto.platform}`);
    checkSettings(dto.settings);
    if (await this.ds.getRepository(ConnectorAccount).exists({ where: { platform: dto.platform, externalAccountId: dto.externalAccountId } }))
      throw new DomainError('conflict', 'this account already exists');
    return this.ds.transaction(async (m) => {
      const a = await m.getRepository(ConnectorAccount).save(
        m.getRepository(ConnectorAccount).create({
          platform: dto.platform,
          externalAccountId: dto.externalAccountId,
          handle: dto.handle,
          displayName: dto.displayName ?? null,
          settings: dto.settings ?? {},
          pollIntervalSec: dto.pollIntervalSec ?? 60,
          credentialsEnc: this.cipher.encrypt(dto.credentials),
          nextPollAt: new Date(),
        }),
      );
      await this.log(m, actor, 'account.created', 'connector_account', a.id, { platform: a.platform, handle: a.handle, credentialKeys: Object.keys(dto.credentials) });
      return accountView(a);
    });
  }

  async updateAccount(id: string, dto: UpdateAccountDto, actor: Principal) {
    checkSettings(dto.settings);
    const result = await this.ds.transaction(async (m) => {
      const a = await m.getRepository(ConnectorAccount).findOneBy({ id: isUuid(id) ? id : '00000000-0000-0000-0000-000000000000' });
      if (!a) throw new DomainError('not_found', 'Akun tidak ditemukan');
      const before = { enabled: a.enabled, pollIntervalSec: a.pollIntervalSec, settings: a.settings, state: a.healthState };
      const change: Partial<ConnectorAccount> = {};
      if (dto.enabled !== undefined) change.enabled = dto.enabled;
      if (dto.pollIntervalSec !== undefined) change.pollIntervalSec = dto.pollIntervalSec;
      if (dto.settings) change.settings = dto.settings;
      if (dto.credentials) {
        // New tokens re-authorise: polling resumes at once.
        change.credentialsEnc = this.cipher.encrypt(dto.credentials);
        Object.assign(change, { healthState: 'ok', healthDetail: 're-authorised', consecutiveAuthFailures: 0, consecutiveFailures: 0, retryAt: null });
      }
      if (change.enabled || dto.credentials || dto.pollIntervalSec) change.nextPollAt = new Date();
      await m.getRepository(ConnectorAccount).update({ id }, patch<ConnectorAccount>(change));
      await this.log(m, actor, dto.credentials ? 'account.reauthorised' : 'account.updated', 'connector_account', id, {
        before,
        after: { enabled: dto.enabled, pollIntervalSec: dto.pollIntervalSec, settings: dto.settings, credentialKeys: dto.credentials ? Object.keys(dto.credentials) : undefined },
      });
      return { account: (await m.getRepository(ConnectorAccount).findOneByOrFail({ id })), before };
    });
    if (result.before.state !== result.account.healthState)
      this.events.emit('connector.health_changed', {
        accountId: id,
        platform: result.account.platform,
        handle: result.account.handle,
        from: result.before.state,
        to: result.account.healthState,
        detail: result.account.healthDetail,
        retryAt: null,
      });
    return accountView(result.account);
  }

  async listRoutingRules() {
    const rows = await this.ds.getRepository(RoutingRule).find({ order: { opdCode: 'ASC' } });
    return { items: rows.map((r) => ({ opdCode: r.opdCode, strong: r.strong, keywords: r.keywords, updatedAt: r.updatedAt.toISOString() })) };
  }

  async putRoutingRules(opdCode: string, dto: RoutingRulesDto, actor: Principal) {
    if (!(await this.ds.getRepository(Opd).existsBy({ code: opdCode }))) throw new DomainError('not_found', `OPD ${opdCode} tidak ada`);
    const clean = (xs: string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()).filter(Boolean))];
    await this.ds.transaction(async (m) => {
      const before = await m.getRepository(RoutingRule).findOneBy({ opdCode });
      await m.getRepository(RoutingRule).upsert({ opdCode, strong: clean(dto.strong), keywords: clean(dto.keywords) }, ['opdCode']);
      await this.log(m, actor, 'routing_rules.updated', 'opd', opdCode, { before: before ? { strong: before.strong, keywords: before.keywords } : null, after: dto });
    });
    this.events.emit('routing.rules_changed', { opdCode });
    return (await this.listRoutingRules()).items.find((r) => r.opdCode === opdCode);
  }

  /** One user's trail: case actions and administrative actions, newest first. */
  async audit(userId?: string, before?: string) {
    const uid = isUuid(userId) ? userId : undefined;
    if (userId && !uid) throw new DomainError('validation', 'userId must be a user id');
    const beforeDate = before ? new Date(before) : undefined;
    const where = { ...(uid ? { actorUserId: uid } : {}), ...(beforeDate && !Number.isNaN(beforeDate.getTime()) ? { createdAt: LessThan(beforeDate) } : {}) };
    const [caseEvents, adminEvents] = await Promise.all([
      this.ds.getRepository(CaseEvent).find({ where, order: { id: 'DESC' }, take: 200 }),
      this.ds.getRepository(AuditLog).find({ where, order: { id: 'DESC' }, take: 200 }),
    ]);
    const items = [
      ...caseEvents.map((e) => ({ kind: 'case', caseId: e.caseId, action: e.type, actor: e.actorLabel, actorUserId: e.actorUserId, data: e.data, createdAt: e.createdAt.toISOString() })),
      ...adminEvents.map((e) => ({ kind: 'admin', target: `${e.targetType}:${e.targetId}`, action: e.action, actor: e.actorLabel, actorUserId: e.actorUserId, data: e.data, createdAt: e.createdAt.toISOString() })),
    ].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { items: items.slice(0, 200) };
  }
}

/**
 * Settings the connectors read as numbers are checked here, so a bad value is a clear 422 rather
 * than silently replaced by a default: overlapSec (Facebook, Instagram, TikTok comment overlap).
 */
function checkSettings(settings: Record<string, unknown> | undefined): void {
  checkNoticeSettings(settings);
  const v = settings?.overlapSec;
  if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 120 && v <= 86_400))
    throw new DomainError('validation', 'settings.overlapSec harus bilangan bulat antara 120 dan 86400 (detik)');
}
