import type { CaseView } from './dashboard.serializer.js';

// Messages the server sends to dashboard clients (socket.io), typed apart from domain events.
export interface ClientEventMap {
  'case.created': CaseView;
  'case.updated': CaseView & { change: string };
  alert: { type: string; caseId: string | null; opdCode: string | null; topic?: string | null; kecamatan?: string | null; message: string; createdAt: string };
  'connector.health': {
    accountId: string;
    platform: string;
    handle: string;
    state: string;
    detail: string | null;
    retryAt: string | null;
  };
}

// Messages clients send; `catch_up` answers through the ack with what was missed.
export interface ServerEventMap {
  catch_up: (req: { sinceId: string }, ack: (res: { items: CaseView[] } | { error: string }) => void) => void;
}
