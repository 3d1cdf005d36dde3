import type { MigrationInterface, QueryRunner } from 'typeorm';

// Used by @socket.io/postgres-adapter (SOCKET_IO_ADAPTER=postgres) for broadcasts larger than
// PostgreSQL's 8000-byte NOTIFY payload; the adapter deletes rows older than 30 s. Its layout is
// the adapter's own (id, created_at, payload), so there is no TypeORM entity for it.
export class SocketIoAttachments1764200000000 implements MigrationInterface {
  name = 'SocketIoAttachments1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "socket_io_attachments" (
      "id" bigserial UNIQUE,
      "created_at" TIMESTAMP WITH TIME ZONE DEFAULT now(),
      "payload" bytea)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "socket_io_attachments"`);
  }
}
