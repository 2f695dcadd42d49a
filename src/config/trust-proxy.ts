import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/**
 * Which reverse proxies in front of the server are believed when they say,
 * in `X-Forwarded-For`, whom a request came from (TRUST_PROXY). Unset: none;
 * the address of the TCP peer is the client, and the header is ignored.
 *
 * - a hop count (`1` … `10`): that many proxies stand in front of every
 *   server process (`1`: one load balancer); the client is the address that
 *   many steps back along the chain.
 * - a list of addresses and CIDR ranges (`10.0.0.0/8, 192.168.1.5, loopback`):
 *   hops in the list are proxies; the client is the nearest address that is not.
 */
export type TrustProxy =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "ranges"; ranges: readonly string[]; list: BlockList };

export const MAX_TRUSTED_HOPS = 10;

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/** Parses TRUST_PROXY; throws an Error whose message says what is accepted. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? "";
  if (v === "" || v === "0" || v === "false" || v === "off") return { kind: "none" };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > MAX_TRUSTED_HOPS) throw new Error(`a hop count must be from 1 to ${MAX_TRUSTED_HOPS}`);
    return { kind: "hops", hops };
  }
  const list = new BlockList();
  const ranges: string[] = [];
  for (const raw of v.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const named = NAMED_RANGES[entry];
    for (const range of named ?? [entry]) {
      addRange(list, range, entry);
      ranges.push(range);
    }
  }
  if (ranges.length === 0) throw new Error("names no address");
  return { kind: "ranges", ranges, list };
}

function addRange(list: BlockList, range: string, shown: string): void {
  const [address = "", prefix, extra] = range.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) throw new Error(notAccepted(shown));
  const type = family === 4 ? "ipv4" : "ipv6";
  if (prefix === undefined) {
    list.addAddress(address, type);
    return;
  }
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  if (bits < 0 || bits > (family === 4 ? 32 : 128)) throw new Error(notAccepted(shown));
  list.addSubnet(address, bits, type);
}

function notAccepted(entry: string): string {
  return `"${entry}" is not accepted: use a hop count (1 to ${MAX_TRUSTED_HOPS}), or a comma-separated list of IP addresses, CIDR ranges (10.0.0.0/8), loopback or private`;
}

/**
 * The client's address: the TCP peer's, or, when that peer is a trusted
 * proxy, what the trusted proxies forwarded. `forwardedFor` is the raw
 * X-Forwarded-For value(s). IPv4-mapped IPv6 addresses are given as IPv4.
 */
export function clientAddressFrom(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: TrustProxy,
): string {
  const direct = normalise(peer) ?? "unknown";
  if (trust.kind === "none" || forwardedFor === undefined) return direct;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  // Nearest first: the peer, then what each proxy appended, right to left.
  const chain = [direct, ...forwarded.reverse()];
  let client = direct;
  for (let i = 0; i < chain.length; i++) {
    const address = i === 0 ? direct : normalise(chain[i]);
    // Something that is not an address ends the chain: the last good hop stands.
    if (address === undefined) return client;
    client = address;
    if (!trusted(address, i, trust)) return address;
  }
  return client;
}

/** The client's address of an HTTP request or a Socket.IO handshake (`socket.request`). */
export function clientAddressOf(request: IncomingMessage, trust: TrustProxy): string {
  return clientAddressFrom(request.socket?.remoteAddress, request.headers["x-forwarded-for"], trust);
}

function trusted(address: string, index: number, trust: TrustProxy): boolean {
  if (trust.kind === "hops") return index < trust.hops;
  if (trust.kind === "ranges") {
    const family = isIP(address);
    return family !== 0 && trust.list.check(address, family === 4 ? "ipv4" : "ipv6");
  }
  return false;
}

function normalise(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped?.[1] ?? address;
  return isIP(plain) === 0 ? undefined : plain;
}
