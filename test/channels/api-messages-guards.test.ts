import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Activity } from "botbuilder";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { spawnServer } from "../support/server-process.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { SERVER_START_MS, WAIT_MS } from "../support/wait.js";
import { AppHarness } from "./support/app-harness.js";
import { ChannelListener } from "./support/channel-listener.js";

/** Monday 23 November 2026, 10:00 in Oslo. */
const OPEN = new Date("2026-11-23T09:00:00Z");
const clock = new FixedClock(OPEN);

/**
 * A host on "the internal network" as the server sees it: this machine's
 * non-loopback address given in SKRANKE_TEST_INTERNAL_HOST. Opt-in, because
 * the positive control below really sends to it, and test traffic here stays
 * on loopback unless an operator chooses otherwise. Without it these three
 * tests skip; the refusals themselves are also covered over loopback-free
 * serviceUrls in the tests above and in service-url-policy.test.ts.
 */
const LAN_ADDRESS = process.env.SKRANKE_TEST_INTERNAL_HOST
  ? Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.address === process.env.SKRANKE_TEST_INTERNAL_HOST)?.address
  : undefined;

const loopback = new ChannelListener();
/** A service on the internal network that the bot must never be made to call. */
const internal = new ChannelListener();
const servers: AppHarness[] = [];

beforeAll(async () => {
  await loopback.start();
  if (LAN_ADDRESS) await internal.start(LAN_ADDRESS);
});
afterAll(async () => {
  await loopback.stop();
  if (LAN_ADDRESS) await internal.stop();
});
afterEach(async () => {
  loopback.clear();
  internal.clear();
  for (const s of servers.splice(0)) await s.destroy();
});

async function start(env: Record<string, string>, logs?: LogLines): Promise<AppHarness> {
  const server = new AppHarness(clock, env, logs);
  servers.push(server);
  await server.start();
  return server;
}

function activity(serviceUrl: string, partial: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: "message",
    id: randomUUID(),
    channelId: "emulator",
    serviceUrl,
    from: { id: "user-1", name: "Kari", role: "user" },
    recipient: { id: "bot-1", name: "Skranke", role: "bot" },
    conversation: { id: `conv-${randomUUID()}` } as Activity["conversation"],
    locale: "nb-NO",
    text: "Hva er telefonnummeret?",
    ...partial,
  };
}

async function post(server: AppHarness, body: unknown) {
  const res = await fetch(`${server.url}/api/messages?org=ror-ikt`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const storedConversation = (server: AppHarness, a: Partial<Activity>) =>
  server.app.context.repos.conversations.findByExternal("emulator", a.conversation?.id ?? "");

type LogLine = { level: number; msg: string; err?: unknown };

/** A pino destination that keeps the parsed log lines. */
class LogLines {
  readonly lines: LogLine[] = [];
  private waiters: Array<() => void> = [];

  write(line: string): void {
    this.lines.push(JSON.parse(line) as LogLine);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The first line that matches, waiting for it up to WAIT_MS. */
  async waitFor(match: (line: LogLine) => boolean): Promise<LogLine> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such log line in ${JSON.stringify(this.lines.map((l) => l.msg))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/api/messages: unauthenticated only by choice", () => {
  it("with neither MicrosoftAppId nor SKRANKE_BOTFRAMEWORK_AUTH=off the endpoint is off: 503, nothing stored or sent", async () => {
    const logs = new LogLines();
    const server = await start({}, logs);
    const a = activity(loopback.url);
    const res = await post(server, a);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: { code: "not_configured", message: expect.stringContaining("SKRANKE_BOTFRAMEWORK_AUTH=off") },
    });
    expect(await storedConversation(server, a)).toBeNull();
    expect(loopback.requests).toEqual([]);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ level: 30, msg: expect.stringContaining("/api/messages is off") }),
    );
  });

  it("SKRANKE_BOTFRAMEWORK_AUTH=off answers the Emulator and says so at start as a warning", async () => {
    const logs = new LogLines();
    const server = await start({ SKRANKE_BOTFRAMEWORK_AUTH: "off" }, logs);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ level: 40, msg: expect.stringContaining("WITHOUT AUTHENTICATION") }),
    );
    const a = activity(loopback.url);
    expect((await post(server, a)).status).toBe(200);
    expect(loopback.texts(a.conversation?.id)).toEqual([expect.stringContaining("71 11 11 66")]);
  });

  it("npm start works out of the box with the endpoint off and one line saying how to turn it on", {
    timeout: SERVER_START_MS + 30_000,
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "skranke-bf-"));
    const server = await spawnServer({
      DATABASE_URL: `file:${dir}/skranke.db`,
      MicrosoftAppId: "",
      MicrosoftAppPassword: "",
      SKRANKE_BOTFRAMEWORK_AUTH: "",
    });
    try {
      const res = await fetch(`${server.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(activity(loopback.url)),
      });
      expect(res.status).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const line = server
        .output()
        .split("\n")
        .find((l) => l.includes("/api/messages is off"));
      expect(line).toMatch(/MicrosoftAppId and MicrosoftAppPassword .* SKRANKE_BOTFRAMEWORK_AUTH=off/);
      expect(loopback.requests).toEqual([]);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/api/messages: serviceUrl restriction", () => {
  it.skipIf(!LAN_ADDRESS)(
    "refuses a serviceUrl on the internal network before any processing: 403, no request reaches it, nothing stored",
    async () => {
      const server = await start({ SKRANKE_BOTFRAMEWORK_AUTH: "off" });
      const a = activity(internal.url);
      const res = await post(server, a);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        error: { code: "forbidden", message: expect.stringContaining("SKRANKE_BOTFRAMEWORK_SERVICE_URLS") },
      });
      expect(internal.requests).toEqual([]);
      expect(await storedConversation(server, a)).toBeNull();
    },
  );

  it.skipIf(!LAN_ADDRESS)("answers at a serviceUrl SKRANKE_BOTFRAMEWORK_SERVICE_URLS lists", async () => {
    const server = await start({ SKRANKE_BOTFRAMEWORK_AUTH: "off", SKRANKE_BOTFRAMEWORK_SERVICE_URLS: internal.url });
    const a = activity(internal.url);
    expect((await post(server, a)).status).toBe(200);
    expect(internal.texts(a.conversation?.id)).toEqual([expect.stringContaining("71 11 11 66")]);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1:8080/",
    "file:///etc/passwd",
    "https://webchat.botframework.com.evil.example/",
    "http://user:secret@127.0.0.1:1/",
    "not a url",
  ])("refuses serviceUrl %s without the Emulator's loopback or a listed origin", async (serviceUrl) => {
    const server = await start({ SKRANKE_BOTFRAMEWORK_AUTH: "off" });
    const a = activity(serviceUrl);
    expect((await post(server, a)).status).toBe(403);
    expect(await storedConversation(server, a)).toBeNull();
  });

  it("with MicrosoftAppId, refuses a serviceUrl outside Bot Framework's hosts before authentication even starts", async () => {
    const server = await start({ MicrosoftAppId: randomUUID(), MicrosoftAppPassword: "secret" });
    const a = activity(loopback.url);
    const res = await post(server, a);
    expect(res.status).toBe(403);
    expect(loopback.requests).toEqual([]);
    // A Bot Framework host passes this check and meets authentication: no token, 401.
    expect((await post(server, activity("https://smba.trafficmanager.net/emea/"))).status).toBe(401);
  });

  it.skipIf(!LAN_ADDRESS)(
    "never sends a proactive message to a stored conversation whose serviceUrl is not allowed",
    async () => {
      const logs = new LogLines();
      const server = await start({ SKRANKE_BOTFRAMEWORK_AUTH: "off" }, logs);
      const a = activity(loopback.url);
      expect((await post(server, a)).status).toBe(200);
      const { repos, services } = server.app.context;
      const stored = await storedConversation(server, a);
      if (!stored) throw new Error("no conversation stored");
      // A reference stored before serviceUrls were restricted, pointing at the internal network.
      const reference = { ...JSON.parse(stored.reference ?? "{}"), serviceUrl: internal.url };
      await repos.conversations.update(stored.id, { reference: JSON.stringify(reference) });
      await services.log.record(stored.organisationId, {
        conversationId: stored.id,
        role: "agent",
        text: "Hei, dette er Kari.",
        authorName: "Kari",
      });
      const refusal = await logs.waitFor((l) => l.msg === "could not relay to the Bot Framework channel");
      expect(JSON.stringify(refusal.err)).toContain("is not allowed");
      expect(internal.requests).toEqual([]);
    },
  );
});

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/api/messages: rate limit", () => {
  it("answers 429 with Retry-After once a client address sent SKRANKE_BOTFRAMEWORK_RATE_LIMIT requests in a minute", async () => {
    const server = await start({ SKRANKE_BOTFRAMEWORK_AUTH: "off", SKRANKE_BOTFRAMEWORK_RATE_LIMIT: "3" });
    const conversation = { id: `conv-${randomUUID()}` } as Activity["conversation"];
    for (const text of ["hei", "Hva er telefonnummeret?", "Når har dere åpent?"]) {
      expect((await post(server, activity(loopback.url, { conversation, text }))).status).toBe(200);
    }
    const res = await post(server, activity(loopback.url, { conversation, text: "Er det noen der?" }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ error: { code: "rate_limited" } });
    const stored = await storedConversation(server, { conversation });
    const messages = await server.app.context.repos.messages.list(stored?.id ?? "");
    expect(messages.filter((m) => m.role === "customer").map((m) => m.text)).toEqual([
      "hei",
      "Hva er telefonnummeret?",
      "Når har dere åpent?",
    ]);
  });
});
