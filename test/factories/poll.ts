import type { INestApplication } from '@nestjs/common';
import { ConnectorAccountRepository } from '../../src/connectors/connector-account.repository.js';
import { PollScheduler } from '../../src/ingestion/poll.scheduler.js';

/** Makes the account due now and runs one scheduler tick to completion (the real claim path). */
export async function pollNow(app: INestApplication, accountId: string): Promise<void> {
  await app.get(ConnectorAccountRepository).update(accountId, { nextPollAt: new Date(Date.now() - 1000), lockedUntil: null, lockOwner: null });
  const scheduler = app.get(PollScheduler);
  await scheduler.tick();
  await scheduler.idle();
}
