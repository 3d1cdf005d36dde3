import type { SessionEndReason } from '../common/events.js';
import type { CaseView } from './dashboard.serializer.js';

/** What the dashboard shows when the server closes a socket whose session ended. */
export const SESSION_ENDED_MESSAGE: Record<SessionEndReason, string> = {
  logout: 'Anda telah keluar. Silakan login lagi.',
  revoked: 'Sesi Anda diakhiri. Silakan login lagi.',
  deactivated: 'Akun Anda dinonaktifkan.',
  role_changed: 'Peran atau OPD Anda diubah. Silakan login lagi.',
  expired: 'Sesi Anda kedaluwarsa. Silakan login lagi.',
};

// Messages the server sends to dashboard clients (socket.io), typed apart from domain events.
export interface ClientEventMap {
  'case.created': CaseView;
  'case.updated': CaseView & { change: string };
  alert: { type: string; caseId: string | null; opdCode: string | null; topic?: string | null; kecamatan?: string | null; message: string; createdAt: string };
  /** Sent just before the server closes a socket whose session ended (issue 13 §2). */
  'session.ended': { reason: SessionEndReason; message: string };
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
