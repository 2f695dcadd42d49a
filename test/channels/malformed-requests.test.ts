import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { AppHarness } from "./support/app-harness.js";
import { WidgetClient } from "./support/widget-client.js";

/** Monday 23 November 2026, 10:00 in Oslo. */
const clock = new FixedClock(new Date("2026-11-23T09:00:00Z"));
let server: AppHarness;

beforeAll(async () => {
  server = new AppHarness(clock);
  await server.start();
});
afterAll(async () => {
  await server.destroy();
});

async function alive(): Promise<void> {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
}

function post(path: string, body: Buffer | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    body: typeof body === "string" ? body : new Blob([new Uint8Array(body)]),
    headers,
  });
}

const login = JSON.stringify({ email: "nobody@example.no", password: "not-a-password" });

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("malformed requests do not stop the server", () => {
  it("answers a body that is not gzip, though it says so, with 400 invalid_input", async () => {
    const res = await post("/api/auth/login", "this is not gzip", {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "invalid_input" });
    await alive();
  });

  it("answers a truncated gzip body with 400 and a gzip bomb with 413", async () => {
    const truncated = gzipSync(Buffer.from(login)).subarray(0, 12);
    const cut = await post("/api/auth/login", truncated, {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(cut.status).toBe(400);
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    const big = await post("/api/auth/login", bomb, { "content-type": "application/json", "content-encoding": "gzip" });
    expect(big.status).toBe(413);
    expect((await big.json()).error).toMatchObject({ code: "payload_too_large" });
    await alive();
  });

  it("still reads a valid gzip body: the route sees the decompressed JSON", async () => {
    const res = await post("/api/auth/login", gzipSync(Buffer.from(login)), {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    // The login route ran with the parsed body: wrong credentials, not a bad body.
    expect(res.status).toBe(401);
    await alive();
  });

  it("answers a long-polling POST over the size limit with 413 and keeps serving", async () => {
    const open = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    const handshake = await open.text();
    const sid = /"sid":"([^"]+)"/.exec(handshake)?.[1];
    expect(sid).toBeTruthy();
    const res = await post(`/socket.io/?EIO=4&transport=polling&sid=${sid}`, "a".repeat(200_000), {
      "content-type": "text/plain;charset=UTF-8",
    });
    expect(res.status).toBe(413);
    await alive();
  });

  it("lets a customer chat over the long-polling transport alone", async () => {
    const kari = await WidgetClient.connect(server.url, { org: "ror-ikt", lang: "nb" }, ["polling"]);
    try {
      expect(kari.socket.io.engine.transport.name).toBe("polling");
      expect(kari.session.greeting.welcome).toBeTruthy();
      const ack = await kari.request("message", { clientId: "p1", text: "Når har dere åpent?" });
      expect(ack).toMatchObject({ ok: true, id: expect.any(Number) });
      const bot = await kari.waitFor(1, "bot");
      expect(bot[0]?.metadata).toMatchObject({ action: "answer" });
    } finally {
      kari.close();
    }
    await alive();
  });
});
