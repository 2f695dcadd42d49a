import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_LIMITS, loadConfig } from "../../src/config/config.js";
import { clientAddressFrom, parseTrustProxy } from "../../src/config/trust-proxy.js";

describe("TRUST_PROXY", () => {
  const resolve = (trust: string | undefined, peer: string, forwarded?: string) =>
    clientAddressFrom(peer, forwarded, parseTrustProxy(trust));

  it("trusts nobody by default: the TCP peer is the client, the header is ignored", () => {
    for (const unset of [undefined, "", "0", "false", "off"]) {
      expect(resolve(unset, "203.0.113.9", "198.51.100.1")).toBe("203.0.113.9");
    }
    expect(resolve(undefined, "::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("with a hop count, takes the address that many proxies back and ignores what the client added", () => {
    expect(resolve("1", "10.0.0.2", "198.51.100.1")).toBe("198.51.100.1");
    expect(resolve("1", "10.0.0.2", "6.6.6.6, 198.51.100.1")).toBe("198.51.100.1");
    expect(resolve("2", "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9")).toBe("198.51.100.1");
    // No header: the peer itself.
    expect(resolve("1", "10.0.0.2")).toBe("10.0.0.2");
  });

  it("with a list, skips trusted hops from the right and stops at the first one it does not trust", () => {
    const list = "10.0.0.0/8, 192.168.1.5";
    expect(resolve(list, "10.1.2.3", "6.6.6.6, 198.51.100.1, 192.168.1.5")).toBe("198.51.100.1");
    // A peer that is not a trusted proxy: its header is not believed.
    expect(resolve(list, "203.0.113.9", "198.51.100.1")).toBe("203.0.113.9");
    expect(resolve("loopback", "::1", "2001:db8::7")).toBe("2001:db8::7");
    expect(resolve("loopback", "127.0.0.1", "::ffff:198.51.100.4")).toBe("198.51.100.4");
    // Garbage in the header ends the chain at the last real address.
    expect(resolve("loopback", "127.0.0.1", "<script>, 127.0.0.5")).toBe("127.0.0.5");
  });

  it.each([
    ["11", /hop count must be from 1 to 10/],
    ["10.0.0.0/33", /"10.0.0.0\/33" is not accepted/],
    ["proxy.example.no", /is not accepted/],
    ["1.2.3.4/8/9", /is not accepted/],
    [",", /names no address/],
  ])("refuses %s at start, naming TRUST_PROXY", (value, message) => {
    let error: unknown;
    try {
      loadConfig({ TRUST_PROXY: value }, "/x");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^Configuration error: TRUST_PROXY /);
    expect((error as ConfigError).message).toMatch(message);
  });
});

describe("limits as settings", () => {
  it("has documented defaults", () => {
    const config = loadConfig({}, "/x");
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.limits).toEqual({
      messages: { points: 10, duration: 10 },
      writes: { points: 30, duration: 60 },
      newCustomers: { points: 30, duration: 60 },
      staffWrites: { points: 60, duration: 30 },
      logins: { points: 20, duration: 60 },
      loginLockout: { failures: 5, minutes: 15 },
    });
    expect(config.sessionCheckSeconds).toBe(5);
    expect(config.databaseTimeoutMs).toBe(5000);
    expect(config.trustProxy).toEqual({ kind: "none" });
  });

  it("reads POINTS/SECONDS and refuses anything else", () => {
    const config = loadConfig(
      {
        SKRANKE_LIMIT_MESSAGES: "100/10",
        SKRANKE_LIMIT_LOGINS: "1000/60",
        SKRANKE_LOGIN_LOCKOUT_FAILURES: "8",
        SKRANKE_LOGIN_LOCKOUT_MINUTES: "30",
      },
      "/x",
    );
    expect(config.limits.messages).toEqual({ points: 100, duration: 10 });
    expect(config.limits.logins).toEqual({ points: 1000, duration: 60 });
    expect(config.limits.loginLockout).toEqual({ failures: 8, minutes: 30 });
    for (const bad of ["10", "0/10", "10/0", "ten/10", "10/100000"]) {
      expect(() => loadConfig({ SKRANKE_LIMIT_WRITES: bad }, "/x")).toThrow(
        /SKRANKE_LIMIT_WRITES must be POINTS\/SECONDS/,
      );
    }
    expect(() => loadConfig({ SKRANKE_DATABASE_TIMEOUT_MS: "100" }, "/x")).toThrow(/SKRANKE_DATABASE_TIMEOUT_MS/);
  });
});
