/**
 * A tiny IPv4 CIDR helper for planning virtual networks: parse, contain, overlap, subdivide.
 * Pure functions, no dependencies; errors are plain `Error`s whose message says what is wrong
 * with the text, so that callers can prefix the argument name.
 */

/** An IPv4 network in CIDR notation, parsed. */
export interface Ipv4Cidr {
  /** The canonical text, e.g. `10.240.0.0/16`. */
  readonly cidr: string;
  /** The network address as an unsigned 32-bit number. */
  readonly network: number;
  /** The prefix length, 0 to 32. */
  readonly prefixLength: number;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Parses a dotted-quad IPv4 address; `undefined` when the text is not one. */
export function parseIpv4(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an unsigned 32-bit number as a dotted-quad IPv4 address. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The number of addresses in a network. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefixLength);
}

/**
 * Parses `a.b.c.d/n`. Throws when the text is not an IPv4 CIDR or has host bits set
 * (`10.0.0.1/16`), naming the network it probably meant.
 */
export function parseCidr(text: string): Ipv4Cidr {
  const shown = typeof text === 'string' ? text : String(text);
  const match = typeof text === 'string' ? /^([^/]+)\/(\d{1,2})$/.exec(text.trim()) : null;
  const address = match ? parseIpv4(match[1]!) : undefined;
  const prefixLength = match ? Number(match[2]) : NaN;
  if (!match || address === undefined || !(prefixLength >= 0 && prefixLength <= 32)) {
    throw new Error(`'${shown}' is not an IPv4 CIDR (expected a.b.c.d/n with n from 0 to 32)`);
  }
  const size = 2 ** (32 - prefixLength);
  const network = address - (address % size);
  if (network !== address) {
    throw new Error(`'${shown}' has host bits set; the network is ${formatIpv4(network)}/${prefixLength}`);
  }
  return { cidr: `${formatIpv4(network)}/${prefixLength}`, network, prefixLength };
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefixLength >= outer.prefixLength
    && inner.network >= outer.network
    && inner.network + cidrSize(inner) <= outer.network + cidrSize(outer);
}

/** True when the two networks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network < b.network + cidrSize(b) && b.network < a.network + cidrSize(a);
}

/** True when an IPv4 address lies inside the network. */
export function cidrContainsAddress(cidr: Ipv4Cidr, address: number): boolean {
  return address >= cidr.network && address < cidr.network + cidrSize(cidr);
}

/**
 * The `index`-th block of prefix length `prefixLength` inside `parent` (0-based).
 * Throws when the blocks would be larger than the parent or the index is out of range.
 */
export function subdivideCidr(parent: Ipv4Cidr, prefixLength: number, index: number): Ipv4Cidr {
  if (!Number.isInteger(prefixLength) || prefixLength < parent.prefixLength || prefixLength > 32) {
    throw new Error(`cannot cut /${prefixLength} blocks out of ${parent.cidr}`);
  }
  const count = 2 ** (prefixLength - parent.prefixLength);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`${parent.cidr} holds ${count} blocks of /${prefixLength}; there is no block ${index}`);
  }
  const network = parent.network + index * 2 ** (32 - prefixLength);
  return { cidr: `${formatIpv4(network)}/${prefixLength}`, network, prefixLength };
}
