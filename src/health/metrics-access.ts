import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv6 } from 'node:net';

/**
 * Who may read /api/metrics: a request with `Authorization: Bearer <METRICS_TOKEN>` from anywhere,
 * or any request from an address in METRICS_ALLOW (default loopback). The address is the TCP peer,
 * never X-Forwarded-For, which a client can write itself.
 */
export class MetricsAccess {
  private readonly allow = new BlockList();

  constructor(
    private readonly token: string | undefined,
    allow: string[],
  ) {
    for (const entry of allow) {
      const [ip, bits] = entry.split('/');
      const type = isIPv6(ip) ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.allow.addAddress(ip, type);
      else this.allow.addSubnet(ip, Number(bits), type);
    }
  }

  /** 'ok', or why not: 'token' (a wrong token was sent) or 'address' (not from an allowed address). */
  check(authorization: string | undefined, remoteAddress: string | undefined): 'ok' | 'token' | 'address' {
    const sent = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (sent && this.token) {
      const a = Buffer.from(sent);
      const b = Buffer.from(this.token);
      return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'token';
    }
    if (!remoteAddress) return 'address';
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress)?.[1];
    const ip = mapped ?? remoteAddress;
    return this.allow.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4') ? 'ok' : 'address';
  }
}
