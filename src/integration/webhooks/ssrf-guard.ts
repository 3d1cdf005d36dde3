import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

// SSRF guard for webhook targets: a subscriber URL must not reach this host, loopback, private,
// link-local (cloud metadata at 169.254.169.254), shared, multicast or unspecified addresses.
// It is checked when the URL is registered and again at connect time, on the address actually
// dialled (a custom DNS lookup), so a name that later resolves elsewhere is refused too.

const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv6');

/** This machine's own addresses (its public one too): a subscriber must not call the service itself. */
function ownAddresses(): Set<string> {
  return new Set(
    Object.values(networkInterfaces())
      .flat()
      .map((i) => i?.address.toLowerCase())
      .filter((a): a is string => Boolean(a)),
  );
}

export function isBlockedAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 0) return true;
  if (ownAddresses().has(address.toLowerCase())) return true;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is checked as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  return BLOCKED.check(address, v === 6 ? 'ipv6' : 'ipv4');
}

export class UnsafeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTargetError';
  }
}

/** Syntax and scheme of a subscriber URL: http(s), no credentials in it. */
export function parseTargetUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UnsafeTargetError('URL tidak valid');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UnsafeTargetError('URL harus http atau https');
  if (u.username || u.password) throw new UnsafeTargetError('URL tidak boleh memuat nama pengguna atau sandi');
  return u;
}

const lookupAll = (host: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true }, (e, addrs) => (e ? reject(e) : resolve(addrs))));

/** Refuses a URL whose host resolves to a blocked address (or to `ownHosts`), unless private targets are allowed. */
export async function assertSafeTarget(raw: string, allowPrivate: boolean, ownHosts: string[] = []): Promise<URL> {
  const u = parseTargetUrl(raw);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ownHosts.some((h) => h.toLowerCase() === host.toLowerCase())) throw new UnsafeTargetError('URL menunjuk ke layanan ini sendiri');
  if (allowPrivate) return u;
  let addrs: LookupAddress[];
  try {
    addrs = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookupAll(host);
  } catch {
    throw new UnsafeTargetError(`nama host ${host} tidak dapat di-resolve`);
  }
  const bad = addrs.find((a) => isBlockedAddress(a.address));
  if (bad) throw new UnsafeTargetError(`URL menunjuk ke alamat lokal atau privat (${bad.address})`);
  return u;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A dns.lookup for http(s).Agent that refuses blocked addresses at connect time. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, cb: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addrs) => {
      if (err) return cb(err, []);
      if (!allowPrivate) {
        const bad = addrs.find((a) => isBlockedAddress(a.address));
        if (bad) return cb(Object.assign(new Error(`webhook target ${hostname} resolves to a blocked address ${bad.address}`), { code: 'EBLOCKED' }), []);
      }
      if (options.all) return cb(null, addrs);
      cb(null, addrs[0].address, addrs[0].family);
    });
  };
}
