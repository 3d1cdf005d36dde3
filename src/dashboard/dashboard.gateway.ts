import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service.js';
import { opdScope, roomsFor, type Principal } from '../auth/principal.js';
import { CasesService } from '../cases/cases.service.js';
import { isDatabaseUnavailable } from '../common/errors/database-unavailable.js';
import type { ClientEventMap, ServerEventMap } from './dashboard.events.js';

type DashboardSocket = Socket<ServerEventMap, ClientEventMap, Record<string, never>, { user: Principal }>;

/**
 * socket.io for the live dashboard. A client authenticates with its access token
 * (`auth: { token }`) and joins `diskominfo` (sees everything) or `opd:<CODE>` rooms; a socket
 * without a valid token is dropped.
 */
@WebSocketGateway({ cors: { origin: true } })
export class DashboardGateway implements OnGatewayConnection, OnGatewayInit {
  private readonly logger = new Logger(DashboardGateway.name);
  @WebSocketServer() server: Server<ServerEventMap, ClientEventMap>;

  constructor(
    private readonly auth: AuthService,
    private readonly cases: CasesService,
  ) {}

  /** Authenticates in the handshake, so a socket without a valid token never connects. */
  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) return next(new Error('unauthorized'));
      this.auth.verify(token).then(
        (user) => {
          (socket as DashboardSocket).data.user = user;
          next();
        },
        // While PostgreSQL is down the token cannot be checked: say so, so the dashboard retries
        // later instead of logging the user out.
        (e: unknown) => next(new Error(isDatabaseUnavailable(e) ? 'database_unavailable' : 'unauthorized')),
      );
    });
  }

  async handleConnection(client: DashboardSocket): Promise<void> {
    if (!client.data.user) {
      client.disconnect(true);
      return;
    }
    await client.join(roomsFor(client.data.user));
    client.on('catch_up', (req, ack) => void this.catchUp(client, req, ack));
  }

  private async catchUp(client: DashboardSocket, req: { sinceId?: unknown } | undefined, ack: unknown): Promise<void> {
    if (typeof ack !== 'function') return;
    const reply = ack as (res: { items: unknown[] } | { error: string }) => void;
    const raw = req?.sinceId ?? '0';
    const sinceId = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
    if (!/^\d{1,19}$/.test(sinceId)) return reply({ error: 'sinceId must be a case id' });
    try {
      reply({ items: await this.cases.since(sinceId, client.data.user) });
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
