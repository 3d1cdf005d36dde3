import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Accounts declared in config/ are seeded at every start. An admin's edits through the API must
// survive a restart with the same configuration; a value changed in the configuration wins.
describe('seeding connector accounts from configuration (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should keep admin edits across a re-seed with unchanged config, and apply values the config changed', async () => {
    const seed = { externalAccountId: '1100000000000000555', handle: 'pemkabsinjai', settings: { searchQuery: 'sinjai' }, pollIntervalSec: 60 };
    const acc = await createAccount(t.app, seed);
    const admin = await t.tokenFor('admin');
    await t
      .http()
      .patch(`/api/accounts/${acc.id}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ settings: { searchQuery: '(sinjai OR #sinjaibersatu) -is:retweet' }, pollIntervalSec: 180 })
      .expect(200);

    await createAccount(t.app, seed); // a restart
    let now = await reloadAccount(t.app, acc.id);
    expect(now.settings).toEqual({ searchQuery: '(sinjai OR #sinjaibersatu) -is:retweet' });
    expect(now.pollIntervalSec).toBe(180);

    await createAccount(t.app, { ...seed, pollIntervalSec: 90 }); // the config's interval changed
    now = await reloadAccount(t.app, acc.id);
    expect(now.pollIntervalSec).toBe(90);
    expect(now.settings).toEqual({ searchQuery: '(sinjai OR #sinjaibersatu) -is:retweet' });

    await createAccount(t.app, { ...seed, pollIntervalSec: 90, settings: { searchQuery: 'kabupaten sinjai' } });
    expect((await reloadAccount(t.app, acc.id)).settings).toEqual({ searchQuery: 'kabupaten sinjai' });
  });
});
