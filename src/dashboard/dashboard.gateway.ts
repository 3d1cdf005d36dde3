import type { IncomingMessage } from 'node:http';
import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service.js';
import { opdScope, roomsFor, type Principal } from '../auth/principal.js';
import { CasesService } from '../cases/cases.service.js';
import { isDatabaseUnavailable } from '../common/errors/database-unavailable.js';
import type { DomainEventMap, SessionEndReason } from '../common/events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { SESSION_ENDED_MESSAGE, type ClientEventMap, type ServerEventMap } from './dashboard.events.js';
import { isBigintId } from '../common/ids.js';

interface SocketSession {
  user: Principal;
  sessionId: string;
  expiresAt: Date;
  expiryTimer?: NodeJS.Timeout;
}
type DashboardSocket = Socket<ServerEventMap, ClientEventMap, Record<string, never>, SocketSession>;
// setTimeout takes at most a signed 32-bit delay.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * socket.io for the live dashboard. A client authenticates with its access token
 * (`auth: { token }`) and joins `diskominfo` (sees everything) or `opd:<CODE>` rooms; a socket
 * without a valid token is dropped.
 */
// No CORS grant: a browser page from another origin gets nothing (see afterInit's allowRequest).
@WebSocketGateway({ cors: { origin: false } })
export class DashboardGateway implements OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger(DashboardGateway.name);
  @WebSocketServer() server: Server<ServerEventMap, ClientEventMap>;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly auth: AuthService,
    private readonly cases: CasesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Authenticates in the handshake, so a socket without a valid token never connects. */
  afterInit(server: Server): void {
    // socket.io used to reflect any Origin. A browser always sends Origin: only the service's own
    // (the Host it was reached at) and ALLOWED_ORIGINS may connect; clients without one (scripts,
    // tests) still need a valid token.
    const allowed = new Set(this.config.security.allowedOrigins);
    (server.engine as unknown as { opts: { allowRequest?: (req: IncomingMessage, cb: (err: string | null | undefined, ok: boolean) => void) => void } }).opts.allowRequest = (req, cb) => {
      const origin = req.headers.origin;
      if (!origin) return cb(null, true);
      let host = '';
      try {
        host = new URL(origin).host;
      } catch {
        return cb('origin not allowed', false);
      }
      const ok = allowed.has(origin.replace(/\/$/, '')) || host === req.headers.host;
      cb(ok ? null : 'origin not allowed', ok);
    };
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) return next(new Error('unauthorized'));
      this.auth.verifySession(token).then(
        (session) => {
          const data = (socket as DashboardSocket).data;
          data.user = session.principal;
          data.sessionId = session.sessionId;
          data.expiresAt = session.expiresAt;
          next();
        },
        // While PostgreSQL is down the token cannot be checked: say so, so the dashboard retries
        // later instead of logging the user out.
        (e: unknown) => next(new Error(isDatabaseUnavailable(e) ? 'database_unavailable' : 'unauthorized')),
      );
    });
    // The token is checked at the handshake only: every few seconds, the sessions of the sockets
    // open on this instance are checked again (revoked elsewhere, another instance's logout).
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.security.socketSessionCheckMs);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  async handleConnection(client: DashboardSocket): Promise<void> {
    if (!client.data.user) {
      client.disconnect(true);
      return;
    }
    const left = client.data.expiresAt.getTime() - Date.now();
    if (left <= 0) return this.end(client, 'expired');
    client.data.expiryTimer = setTimeout(() => this.end(client, 'expired'), Math.min(left, MAX_TIMER_MS));
    await client.join(roomsFor(client.data.user));
    client.on('catch_up', (req, ack) => void this.catchUp(client, req, ack));
  }

  handleDisconnect(client: DashboardSocket): void {
    clearTimeout(client.data.expiryTimer);
  }

  /** Tells the client why (so it can log in again) and closes the socket. */
  private end(client: DashboardSocket, reason: SessionEndReason): void {
    clearTimeout(client.data.expiryTimer);
    if (!client.connected) return;
    this.logger.log({ event: 'socket_session_ended', reason, userId: client.data.user?.id });
    const payload: ClientEventMap['session.ended'] = { reason, message: SESSION_ENDED_MESSAGE[reason] };
    (client as unknown as { emit(e: 'session.ended', p: typeof payload): void }).emit('session.ended', payload);
    client.disconnect(true);
  }

  private localSockets(): DashboardSocket[] {
    const open = this.server?.sockets?.sockets as unknown as Map<string, DashboardSocket> | undefined;
    return open ? [...open.values()] : [];
  }

  /** A session ended on this instance (logout, admin action): its sockets here close at once. */
  @OnEvent('auth.sessions_ended')
  onSessionsEnded(e: DomainEventMap['auth.sessions_ended']): void {
    for (const s of this.localSockets())
      if (s.data.user && ((e.userId && s.data.user.id === e.userId) || e.sessionIds?.includes(s.data.sessionId))) this.end(s, e.reason);
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const open = this.localSockets().filter((s) => s.data.user);
      for (const s of open) if (s.data.expiresAt.getTime() <= Date.now()) this.end(s, 'expired');
      const live = open.filter((s) => s.connected);
      const ended = await this.auth.endedSessions(live.map((s) => ({ sessionId: s.data.sessionId, principal: s.data.user })));
      for (const s of live) {
        const reason = ended.get(s.data.sessionId);
        if (reason) this.end(s, reason);
      }
    } catch (e) {
      // The database is down: the next sweep tries again; the sockets stay until it can decide.
      if (!isDatabaseUnavailable(e)) this.logger.warn({ event: 'socket_session_sweep_failed', error: String(e) });
    } finally {
      this.sweeping = false;
    }
  }

  private async catchUp(client: DashboardSocket, req: { sinceId?: unknown } | undefined, ack: unknown): Promise<void> {
    if (typeof ack !== 'function') return;
    const reply = ack as (res: { items: unknown[] } | { error: string }) => void;
    const raw = req?.sinceId ?? '0';
    const sinceId = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
    if (sinceId !== '0' && !isBigintId(sinceId)) return reply({ error: 'sinceId must be a case id' });
    // A dead session gets nothing, however long the socket has been open.
    const token = (client.handshake.auth as { token?: string }).token ?? '';
    let user: Principal;
    try {
      const session = await this.auth.verifySession(token);
      const changed = (await this.auth.endedSessions([{ sessionId: client.data.sessionId, principal: client.data.user }])).get(client.data.sessionId);
      if (changed) throw new Error(changed);
      user = session.principal;
    } catch (e) {
      if (isDatabaseUnavailable(e)) return reply({ error: 'catch-up failed' });
      reply({ error: 'session_ended' });
      const reason = e instanceof Error && ['deactivated', 'role_changed', 'revoked'].includes(e.message) ? (e.message as SessionEndReason) : client.data.expiresAt.getTime() <= Date.now() ? 'expired' : 'revoked';
      return this.end(client, reason);
    }
    try {
      reply({ items: await this.cases.since(sinceId, user) });
    } catch (e) {
      this.logger.error({ event: 'catch_up_failed', error: String(e), scope: opdScope(client.data.user) });
      reply({ error: 'catch-up failed' });
    }
  }

  emitToRooms<K extends keyof ClientEventMap>(rooms: string[], event: K, payload: ClientEventMap[K]): void {
    if (!rooms.length) return;
    (this.server.to(rooms) as unknown as { emit(e: K, p: ClientEventMap[K]): void }).emit(event, payload);
  }
}
