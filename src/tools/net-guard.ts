// Which addresses http_fetch may connect to: public unicast only. Loopback, private,
// link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, reserved, and their
// IPv6 forms (IPv4-mapped, NAT64, 6to4 and Teredo wrapping a private v4) are refused.
// Pure: the fetcher resolves DNS, asks here about every address, and connects only to
// an address that passed.
import net from 'node:net';

const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4], ['255.255.255.255', 32],
];
const V6_BLOCKED: [string, number][] = [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64], ['2001::', 32], ['2001:10::', 28],
];

const blocked = new net.BlockList();
for (const [a, p] of V4_BLOCKED) blocked.addSubnet(a, p, 'ipv4');
for (const [a, p] of V6_BLOCKED) blocked.addSubnet(a, p, 'ipv6');

/** The IPv4 address an IPv6 address wraps (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedV4(v6: string): string | undefined {
  const lower = v6.toLowerCase();
  const dotted = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  const groups = expandV6(lower);
  if (!groups) return dotted?.[1];
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeros(5) && (groups[5] === 0xffff || groups[5] === 0)) return v4(groups[6], groups[7]); // ::ffff:a.b.c.d, ::a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b) return v4(groups[6], groups[7]); // NAT64 64:ff9b::/96
  if (groups[0] === 0x2002) return v4(groups[1], groups[2]); // 6to4
  return undefined;
}

function expandV6(a: string): number[] | undefined {
  let s = a;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const p = dotted[1].split('.').map(Number);
    s = s.slice(0, -dotted[1].length) + `${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const fill = tail !== undefined ? 8 - h.length - t.length : 0;
  const all = [...h, ...Array(Math.max(0, fill)).fill('0'), ...t];
  if (all.length !== 8) return undefined;
  const nums = all.map((g) => parseInt(g, 16));
  return nums.some((n) => Number.isNaN(n)) ? undefined : nums;
}

export interface AddressVerdict {
  ok: boolean;
  reason?: string;
}

/** Whether http_fetch may connect to `address` (a literal IP). */
export function publicAddress(address: string, allowLoopback = false): AddressVerdict {
  const family = net.isIP(address);
  if (family === 0) return { ok: false, reason: `'${address}' is not an IP address` };
  const isLoopback = family === 4 ? address.startsWith('127.') : address === '::1' || embeddedV4(address)?.startsWith('127.') === true;
  if (isLoopback && allowLoopback) return { ok: true };
  if (family === 6) {
    const v4 = embeddedV4(address);
    if (v4 && blocked.check(v4, 'ipv4')) return { ok: false, reason: `${address} wraps the non-public address ${v4}` };
    if (blocked.check(address, 'ipv6')) return { ok: false, reason: `${address} is not a public address (loopback, private, link-local, multicast or reserved)` };
    return { ok: true };
  }
  if (blocked.check(address, 'ipv4')) return { ok: false, reason: `${address} is not a public address (loopback, private, link-local, CGNAT, multicast or reserved)` };
  return { ok: true };
}
