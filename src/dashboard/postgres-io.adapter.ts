import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
// @socket.io/postgres-adapter: the socket.io team's adapter that relays broadcasts between
// instances over PostgreSQL LISTEN/NOTIFY, so scale-out needs no server beyond the database.
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io for several instances of the service behind one load balancer: a case stored by one
 * instance reaches dashboards connected to any other. Uses its own small pool (one connection
 * stays in LISTEN), separate from TypeORM's.
 */
export class PostgresIoAdapter extends IoAdapter {
  private readonly log = new Logger('PostgresIoAdapter');
  private pool?: pg.Pool;

  constructor(
    app: INestApplicationContext,
    private readonly databaseUrl: string,
    // DatabaseOutage.observe: "database unavailable" errors are logged once per outage, not here.
    private readonly observe: (e: unknown) => boolean = () => false,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    this.pool = new pg.Pool({ connectionString: this.databaseUrl, max: 3, application_name: 'suara-warga-socket.io' });
    // An idle client dropped by the server must not crash the process; the adapter reconnects.
    this.pool.on('error', (e) => this.observe(e) || this.log.warn({ event: 'socket_adapter_pool_error', error: e.message }));
    server.adapter(
      createAdapter(this.pool, {
        tableName: 'socket_io_attachments',
        errorHandler: (e) => this.observe(e) || this.log.warn({ event: 'socket_adapter_error', error: e.message }),
      }),
    );
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    // Closing the server closes the adapter (and its LISTEN client); then the pool can end.
    await this.pool?.end().catch(() => undefined);
    this.pool = undefined;
  }
}
