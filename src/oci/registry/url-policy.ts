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
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv6');

/** A URL hostname (`[::1]` with brackets, as URL gives it) without brackets. */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/** Loopback, private, link-local or unspecified, by name: an IP literal in those ranges, or localhost. */
export function isInternalName(hostname: string): boolean {
  const host = bare(hostname).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 0) return false;
  return INTERNAL.check(host, family === 4 ? 'ipv4' : 'ipv6');
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
 * when it may: plain HTTP only from a registry we already speak plain HTTP to, and no internal
 * address from a public registry.
 */
export function hopRefusal(target: URL, context: HopContext): string | undefined {
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    return `a ${target.protocol} URL is not an HTTP address`;
  if (target.protocol === 'http:' && context.base.protocol === 'https:' && !context.insecure)
    return `plain HTTP (${target.origin}) from an HTTPS registry; list the registry in insecure-registries if that is intended`;
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
    !context.insecureHosts.includes(target.host)
  )
    return `${target.host} is a loopback, private or link-local address and the registry is not; list it in insecure-registries if that is intended`;
  return undefined;
}

/**
 * Whether credentials may travel to a token realm over plain HTTP: only when the realm's own host is
 * loopback by name or listed in insecure-registries — not because the registry is.
 */
export function mayUsePlainHttpRealm(realm: URL, insecureHosts: readonly string[]): boolean {
  return realm.protocol === 'https:' || isLoopbackHost(realm.host) || insecureHosts.includes(realm.host);
}

/** `url` with `key=value` added after its own query (`_state`, `_nouploadcache`), which is kept byte for byte. */
export function appendQuery(url: string, key: string, value: string): string {
  const hash = url.indexOf('#');
  const head = hash >= 0 ? url.slice(0, hash) : url;
  const separator = head.includes('?') ? (head.endsWith('?') || head.endsWith('&') ? '' : '&') : '?';
  // `:` stays as is (`digest=sha256:…`, as docker and every registry expect to read it).
  return `${head}${separator}${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%3A/g, ':')}`;
}
