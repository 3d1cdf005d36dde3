import { JwtService } from '@nestjs/jwt';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { AuthService, type TokenResponse } from '../../src/auth/auth.service.js';
import type { Role } from '../../src/auth/user.entity.js';
import { createCase } from '../factories/case.factory.js';
import { catchUp, connectDashboard } from '../factories/socket.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Issue 13 §2: a session ends everywhere at once. The token used to be checked only at the
// handshake, so a socket outlived logout, revocation, deactivation and its token's expiry.
let n = 0;
async function login(t: TestApp, role: Role, opdCodes: string[] = []): Promise<TokenResponse> {
  const auth = t.get(AuthService);
  const username = `sesi-${role}-${++n}-${Date.now()}`;
  await auth.ensureUser({ username, displayName: username, password: 'password-123456', role, opdCodes });
  return auth.login(username, 'password-123456');
}

/** Resolves with the `session.ended` payload once the server has also closed the socket. */
function endedAndClosed(socket: Socket): Promise<{ reason: string; message: string }> {
  return new Promise((resolve, reject) => {
    let ended: { reason: string; message: string } | undefined;
    const timer = setTimeout(() => reject(new Error('socket was not told and closed')), 15_000);
    socket.on('session.ended', (p: { reason: string; message: string }) => (ended = p));
    socket.on('disconnect', (why) => {
      clearTimeout(timer);
      if (!ended) reject(new Error(`closed (${why}) without session.ended`));
      else if (why !== 'io server disconnect') reject(new Error(`closed by ${why}, not by the server`));
      else resolve(ended);
    });
  });
}

describe('e2e: sockets end with their session', () => {
  describe('told at once on this instance', () => {
    let t: TestApp;
    let admin: string;
    // A sweep far in the future: what happens here is the direct notification, or catch_up's own check.
    beforeAll(async () => {
      t = await startTestApp({ SOCKET_SESSION_CHECK_MS: '600000' });
      admin = await t.tokenFor('admin');
    });
    afterAll(() => t.close());

    it('should close the socket on logout and refuse the token on REST', async () => {
      const s = await login(t, 'operator');
      const live = await connectDashboard(t.url, s.accessToken);
      const closed = endedAndClosed(live.socket);
      await t.http().post('/api/auth/logout').set('authorization', `Bearer ${s.accessToken}`).send({ refreshToken: s.refreshToken }).expect(204);
      expect(await closed).toEqual({ reason: 'logout', message: expect.stringContaining('keluar') });
      await t.http().get('/api/auth/me').set('authorization', `Bearer ${s.accessToken}`).expect(401);
    });

    it('should close the socket when an admin ends the user’s sessions', async () => {
      const s = await login(t, 'opd', ['DPUPR']);
      const live = await connectDashboard(t.url, s.accessToken);
      const closed = endedAndClosed(live.socket);
      await t.http().post(`/api/users/${s.user.id}/sessions/revoke`).set('authorization', `Bearer ${admin}`).expect(200);
      expect((await closed).reason).toBe('revoked');
    });

    it('should close the socket when the user is deactivated', async () => {
      const s = await login(t, 'opd', ['DPUPR']);
      const live = await connectDashboard(t.url, s.accessToken);
      const closed = endedAndClosed(live.socket);
      await t.http().patch(`/api/users/${s.user.id}`).set('authorization', `Bearer ${admin}`).send({ active: false }).expect(200);
      expect((await closed).reason).toBe('deactivated');
    });

    it('should close the socket when the user’s role or OPD changes', async () => {
      const a = await login(t, 'opd', ['DPUPR']);
      const liveA = await connectDashboard(t.url, a.accessToken);
      const closedA = endedAndClosed(liveA.socket);
      await t.http().patch(`/api/users/${a.user.id}`).set('authorization', `Bearer ${admin}`).send({ opdCodes: ['DLH'] }).expect(200);
      expect((await closedA).reason).toBe('role_changed');
      const b = await login(t, 'operator');
      const liveB = await connectDashboard(t.url, b.accessToken);
      const closedB = endedAndClosed(liveB.socket);
      await t.http().patch(`/api/users/${b.user.id}`).set('authorization', `Bearer ${admin}`).send({ role: 'pimpinan' }).expect(200);
      expect((await closedB).reason).toBe('role_changed');
    });

    it('should refuse catch_up once the session is dead, even before any sweep', async () => {
      const s = await login(t, 'operator');
      const live = await connectDashboard(t.url, s.accessToken);
      await createCase(t.app, { opdCode: 'DPUPR' });
      const before = await catchUp<{ id: string }>(live.socket, '0');
      expect('items' in before && before.items.length).toBeGreaterThan(0);
      // Revoked behind the gateway's back (as another instance would): no event reaches this one.
      const closed = endedAndClosed(live.socket);
      await t.get(DataSource).query(`UPDATE refresh_tokens SET revoked_at = now() WHERE id IN (SELECT id FROM refresh_tokens WHERE user_id = $1)`, [s.user.id]);
      expect(await catchUp(live.socket, '0')).toEqual({ error: 'session_ended' });
      expect((await closed).reason).toBe('revoked');
    });

    it('should close the socket when its token expires', async () => {
      const s = await login(t, 'operator');
      const jwt = t.get(JwtService);
      const payload = JSON.parse(Buffer.from(s.accessToken.split('.')[1], 'base64url').toString()) as { sid: string };
      const short = await jwt.signAsync({ sub: s.user.id, sid: payload.sid, typ: 'access' }, { expiresIn: 2 });
      const live = await connectDashboard(t.url, short);
      expect((await endedAndClosed(live.socket)).reason).toBe('expired');
    });

    it('should refuse a token without exp, on REST and on the socket', async () => {
      const s = await login(t, 'admin');
      const payload = JSON.parse(Buffer.from(s.accessToken.split('.')[1], 'base64url').toString()) as { sid: string };
      const forever = await t.get(JwtService).signAsync({ sub: s.user.id, sid: payload.sid, typ: 'access' });
      expect(JSON.parse(Buffer.from(forever.split('.')[1], 'base64url').toString()).exp).toBeUndefined();
      await t.http().get('/api/auth/me').set('authorization', `Bearer ${forever}`).expect(401);
      await expect(connectDashboard(t.url, forever)).rejects.toThrow('unauthorized');
      // The same session with a proper token still works: only the missing exp was refused.
      await t.http().get('/api/auth/me').set('authorization', `Bearer ${s.accessToken}`).expect(200);
    });
  });

  describe('found by the sweep (a session ended on another instance)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ SOCKET_SESSION_CHECK_MS: '300' });
    });
    afterAll(() => t.close());

    it('should close a socket whose session was revoked without telling this instance', async () => {
      const s = await login(t, 'opd', ['DPUPR']);
      const live = await connectDashboard(t.url, s.accessToken);
      const closed = endedAndClosed(live.socket);
      await t.get(DataSource).query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1`, [s.user.id]);
      expect((await closed).reason).toBe('revoked');
    });

    it('should close a socket whose user was deactivated without telling this instance', async () => {
      const s = await login(t, 'pimpinan');
      const live = await connectDashboard(t.url, s.accessToken);
      const closed = endedAndClosed(live.socket);
      await t.get(DataSource).query(`UPDATE users SET active = false WHERE id = $1`, [s.user.id]);
      expect((await closed).reason).toBe('deactivated');
    });

    it('should leave a live session’s socket open', async () => {
      const s = await login(t, 'operator');
      const live = await connectDashboard(t.url, s.accessToken, 'case.created');
      const other = await login(t, 'operator');
      const gone = await connectDashboard(t.url, other.accessToken);
      const closed = endedAndClosed(gone.socket);
      await t.get(DataSource).query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1`, [other.user.id]);
      await closed; // at least one sweep ran since
      expect(live.socket.connected).toBe(true);
      const r = await catchUp(live.socket, '0');
      expect('items' in r).toBe(true);
      live.socket.disconnect();
    });
  });
});
