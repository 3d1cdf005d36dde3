import { MetricsAccess } from './metrics-access.js';

describe('MetricsAccess', () => {
  const loopback = new MetricsAccess(undefined, ['127.0.0.1', '::1']);

  it('should let loopback in by default, IPv4 as well as IPv4-mapped IPv6 and ::1', () => {
    expect(loopback.check(undefined, '127.0.0.1')).toBe('ok');
    expect(loopback.check(undefined, '::ffff:127.0.0.1')).toBe('ok');
    expect(loopback.check(undefined, '::1')).toBe('ok');
  });

  it('should keep any other address out when no token is configured, whatever headers say', () => {
    expect(loopback.check(undefined, '10.0.0.5')).toBe('address');
    expect(loopback.check('Bearer guessed-token', '192.168.1.9')).toBe('address');
    expect(loopback.check(undefined, undefined)).toBe('address');
  });

  it('should accept ranges in CIDR notation', () => {
    const net = new MetricsAccess(undefined, ['10.1.0.0/16', 'fd00::/8']);
    expect(net.check(undefined, '10.1.200.3')).toBe('ok');
    expect(net.check(undefined, '::ffff:10.1.0.1')).toBe('ok');
    expect(net.check(undefined, '10.2.0.1')).toBe('address');
    expect(net.check(undefined, 'fd12::1')).toBe('ok');
    expect(net.check(undefined, '127.0.0.1')).toBe('address');
  });

  it('should open to the right token from anywhere and refuse a wrong one', () => {
    const withToken = new MetricsAccess('s3cret-token-0123456789', ['127.0.0.1']);
    expect(withToken.check('Bearer s3cret-token-0123456789', '203.0.113.7')).toBe('ok');
    expect(withToken.check('Bearer s3cret-token-012345678X', '203.0.113.7')).toBe('token');
    expect(withToken.check('Bearer short', '127.0.0.1')).toBe('token');
    expect(withToken.check(undefined, '127.0.0.1')).toBe('ok');
  });
});
