import { BlockList, isIP } from 'node:net';
import { isLoopbackHost } from '../reference.js';

/**
 * Where a registry may send this client, and where credentials may go. Every rule reads names as
 * written (after URL parsing, which turns `2130706433` or `0x7f.1` into `127.0.0.1`), never what a
 * name resolves to: DNS answers are the attacker's to choose.
 */

/** Addresses that reach this machine or its network rather than the internet. */
const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 connects to the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: the cloud metadata service lives at 169.254.169.254
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local: deprecated (RFC 3879), still routed inside some networks
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): translates into the operator's own IPv4 network
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv6');

/** A URL hostname (`[::1]` with brackets, as URL gives it) without brackets. */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/** The eight 16-bit groups of an IPv6 literal that `isIP` accepted (`::` expanded, a dotted tail read). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0]!;
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The IPv4 address an IPv6 literal carries in its last 32 bits when it is only another spelling of
 * it: IPv4-compatible `::a.b.c.d` (deprecated, still routed by some stacks), IPv4-mapped
 * `::ffff:a.b.c.d`, SIIT's `::ffff:0:a.b.c.d`, and the NAT64 well-known prefix `64:ff9b::/96`, which
 * a DNS64/NAT64 network translates to that IPv4 address.
 */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const embeds =
    zero(0, 6) || // ::a.b.c.d
    (zero(0, 5) && g[5] === 0xffff) || // ::ffff:a.b.c.d
    (zero(0, 4) && g[4] === 0xffff && g[5] === 0) || // ::ffff:0:a.b.c.d
    (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)); // 64:ff9b::a.b.c.d
  if (!embeds) return undefined;
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
}

/** Loopback, private, link-local or unspecified, by name: an IP literal in those ranges, or localhost. */
export function isInternalName(hostname: string): boolean {
  // `localhost.` is the same name fully qualified, and resolvers (systemd-resolved) answer it so.
  const host = bare(hostname).toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 0) return false;
  if (family === 4) return INTERNAL.check(host, 'ipv4');
  const v4 = embeddedIpv4(host);
  return INTERNAL.check(host, 'ipv6') || (v4 !== undefined && INTERNAL.check(v4, 'ipv4'));
}

/**
 * Whether `url`'s host is listed in insecure-registries (`host[:port]` entries, matched as written;
 * an entry with the scheme's default port matches the URL without one).
 */
export function isListedHost(url: URL, insecureHosts: readonly string[]): boolean {
  if (insecureHosts.length === 0) return false;
  const port = url.port || (url.protocol === 'http:' ? '80' : url.protocol === 'https:' ? '443' : '');
  const forms = new Set([url.host, `${url.hostname}:${port}`]);
  return insecureHosts.some((entry) => forms.has(entry.toLowerCase()));
}

export interface HopContext {
  /** The registry's base URL, as the ping found it (scheme, host and port). */
  base: URL;
  /** The registry may be spoken to over plain HTTP (loopback, or listed in insecure-registries). */
  insecure: boolean;
  /** `host[:port]` entries of insecure-registries. */
  insecureHosts: readonly string[];
}

/** Credentials go only to the registry's exact origin: scheme, host and port. */
export function isRegistryOrigin(url: URL, context: HopContext): boolean {
  return url.origin === context.base.origin;
}

/**
 * Why the registry must not send us to `target` (a redirect, an upload `Location`), or undefined
 * when it may: plain HTTP only to a host listed itself, or to the registry's own host (or a loopback
 * name) when the registry may be spoken to so — listing the registry relaxes nothing for storage on
 * another host; and no internal address from a public registry.
 */
export function hopRefusal(target: URL, context: HopContext): string | undefined {
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    return `a ${target.protocol} URL is not an HTTP address`;
  if (target.protocol === 'http:' && !isListedHost(target, context.insecureHosts)) {
    const ownHost = target.hostname === context.base.hostname;
    if (ownHost && !context.insecure)
      return `plain HTTP (${target.origin}) from an HTTPS registry; list the registry in insecure-registries if that is intended`;
    // A loopback registry (a test setup) may use another loopback name; anything else is listed itself.
    if (!ownHost && !(context.insecure && isLoopbackHost(target.host)))
      return `plain HTTP (${target.origin}) on another host than the registry's; list ${target.host} in insecure-registries if that is intended`;
  }
  return internalRefusal(target, context);
}

/**
 * An internal address (loopback, private, link-local: 169.254.169.254 is the cloud metadata
 * service) only from a registry that is itself internal, or at the registry's own host and port —
 * go-containerregistry's rule against a registry that points uploads or realms into the runner's network.
 */
export function internalRefusal(target: URL, context: HopContext): string | undefined {
  if (
    isInternalName(target.hostname) &&
    target.host !== context.base.host &&
    !isInternalName(context.base.hostname) &&
    !isListedHost(target, context.insecureHosts)
  )
    return `${target.host} is a loopback, private or link-local address and the registry is not; list it in insecure-registries if that is intended`;
  return undefined;
}

/**
 * Whether TLS verification may be relaxed for a request to `url`: only when its own host is listed in
 * insecure-registries, or it is the registry's own API host and the registry is listed (`docker.io`
 * is served by `registry-1.docker.io`). A token realm, a blob's storage or an upload on any other
 * host is verified as usual, however the registry is listed.
 */
export function mayRelaxTls(
  url: URL,
  registry: { name: string; apiHost: string },
  insecureHosts: readonly string[],
): boolean {
  if (url.protocol !== 'https:') return false;
  if (isListedHost(url, insecureHosts)) return true;
  return insecureHosts.includes(registry.name) && url.host === registry.apiHost;
}

/**
 * Whether credentials may travel to a token realm over plain HTTP: only when the realm's own host is
 * loopback by name or listed in insecure-registries — not because the registry is.
 */
export function mayUsePlainHttpRealm(realm: URL, insecureHosts: readonly string[]): boolean {
  return realm.protocol === 'https:' || isLoopbackHost(realm.host) || isListedHost(realm, insecureHosts);
}

/** `url` with `key=value` added after its own query (`_state`, `_nouploadcache`), which is kept byte for byte. */
export function appendQuery(url: string, key: string, value: string): string {
  const hash = url.indexOf('#');
  const head = hash >= 0 ? url.slice(0, hash) : url;
  const separator = head.includes('?') ? (head.endsWith('?') || head.endsWith('&') ? '' : '&') : '?';
  // `:` stays as is (`digest=sha256:…`, as docker and every registry expect to read it).
  return `${head}${separator}${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%3A/g, ':')}`;
}
