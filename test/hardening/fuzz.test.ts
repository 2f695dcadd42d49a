import fc from "fast-check";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSchemas } from "../../src/protocol/agent-schemas.js";
import { widgetSchemas } from "../../src/protocol/widget-schemas.js";
import { AppHarness } from "../channels/support/app-harness.js";
import { login, PASSWORD } from "../handoff/support/harness.js";
import { RunningClock } from "../support/running-clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { WAIT_MS } from "../support/wait.js";

/**
 * Malformed, oversized, wrongly encoded and wrongly typed input against the
 * whole server: every HTTP route the router holds (read from restify, so a
 * new route is covered without editing this file), both transports of both
 * Socket.IO namespaces, and every socket event of both namespaces' schema
 * tables. After every case the server must still answer /healthz, no
 * answer may be a 5xx carrying anything but the error table's shape, and no
 * error may escape to the process (vitest fails a run on an uncaught one).
 */

/** Tuesday, 10:00 in Oslo: every organisation is open. Time runs on from there. */
const clock = new RunningClock(new Date("2026-11-24T09:00:00Z"));
let server: AppHarness;
let staffToken = "";
const escaped: unknown[] = [];
const onEscape = (err: unknown) => escaped.push(err);

beforeAll(async () => {
  process.on("uncaughtException", onEscape);
  process.on("unhandledRejection", onEscape);
  server = new AppHarness(clock, { SKRANKE_BOTFRAMEWORK_AUTH: "off" });
  await server.start();
  await server.app.context.services.accounts.createUser({
    email: "fuzz@dnb.test",
    role: "supervisor",
    organisationSlug: "dnb",
    password: PASSWORD,
    displayName: "Fuzz",
  });
  staffToken = await login(server.url, "fuzz@dnb.test");
});
afterAll(async () => {
  process.off("uncaughtException", onEscape);
  process.off("unhandledRejection", onEscape);
  await server?.destroy();
});

async function alive(): Promise<void> {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(escaped).toEqual([]);
}

interface RouteInfo {
  method: string;
  path: string;
}

/** Every route restify holds, with its path parameters filled by the fuzzer. */
function routes(): RouteInfo[] {
  const router = (server.app.context.http as unknown as { router: { getDebugInfo(): Record<string, RouteInfo> } })
    .router;
  return Object.values(router.getDebugInfo()).map((r) => ({ method: r.method.toUpperCase(), path: String(r.path) }));
}

const segment = fc.oneof(
  fc.constantFrom(
    "1",
    "0",
    "-1",
    "00000000-0000-0000-0000-000000000000",
    "%E0%A4%A",
    "..%2F..%2Fetc",
    "%00",
    "x".repeat(300),
  ),
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
);

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const body = fc.oneof(
  jsonValue.map((v) => ({ type: "application/json", data: JSON.stringify(v) as string | Uint8Array })),
  fc.string({ maxLength: 200 }).map((s) => ({ type: "application/json", data: s as string | Uint8Array })),
  fc.uint8Array({ maxLength: 300 }).map((b) => ({ type: "application/json", data: b as string | Uint8Array })),
  fc.string({ maxLength: 200 }).map((s) => ({ type: "text/plain", data: s as string | Uint8Array })),
  fc.constant({ type: "application/json", data: `{"text":"${"æ".repeat(200_000)}"}` as string | Uint8Array }),
  fc.constant({ type: "application/x-www-form-urlencoded", data: "a=%E0%A4%A&b[c]=1" as string | Uint8Array }),
  fc.constant({ type: "multipart/form-data; boundary=x", data: "--x\r\nbroken" as string | Uint8Array }),
);
const encoding = fc.constantFrom(undefined, "gzip", "deflate", "br", "identity, gzip", "x-unknown");
const auth = fc.constantFrom<"none" | "staff" | "garbage">("none", "staff", "garbage");

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("fuzzing the whole server", { timeout: 240_000 }, () => {
  it("survives malformed requests to every HTTP route", async () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(20);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...all),
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        body,
        encoding,
        auth,
        fc.constantFrom("", "?org=dnb", "?limit=-1&offset=abc", "?q=%E0%A4%A", "?org[]=1&org[]=2"),
        async (route, values, payload, contentEncoding, who, query) => {
          let i = 0;
          const path = route.path.replace(/:[A-Za-z_]+/g, () => values[i++ % values.length] ?? "x");
          const headers: Record<string, string> = { "content-type": payload.type };
          if (contentEncoding) headers["content-encoding"] = contentEncoding;
          if (who === "staff") headers.authorization = `Bearer ${staffToken}`;
          if (who === "garbage") headers.authorization = "Bearer \u00ff\u00fe garbage";
          const hasBody = route.method !== "GET" && route.method !== "HEAD";
          let res: Response;
          try {
            res = await fetch(`${server.url}${path}${query}`, {
              method: route.method,
              headers,
              body: hasBody
                ? typeof payload.data === "string"
                  ? payload.data
                  : new Blob([new Uint8Array(payload.data)])
                : undefined,
            });
          } catch (err) {
            // fetch itself refuses some inputs (an invalid header value): nothing reached the server.
            if (err instanceof TypeError && !/fetch failed/.test(err.message)) return;
            throw err;
          }
          const text = await res.text();
          if (res.status >= 500) {
            // The one error shape, with no internal text.
            expect(JSON.parse(text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
            expect(text).not.toMatch(/Error:|at \w+ \(|prisma|sqlite|postgres|botbuilder/i);
          }
          await alive();
        },
      ),
      { numRuns: 250 },
    );
  });

  const namespaces = [
    ["/widget", Object.keys(widgetSchemas)],
    ["/agent", Object.keys(agentSchemas)],
  ] as const;

  for (const transport of ["websocket", "polling"] as const) {
    for (const [nsp, events] of namespaces) {
      it(`survives malformed payloads to every ${nsp} event over ${transport}`, async () => {
        expect(events.length).toBeGreaterThan(3);
        // A fresh login: the HTTP fuzzing may have sent POST /api/auth/logout with the earlier session.
        const auth =
          nsp === "/agent" ? { token: await login(server.url, "fuzz@dnb.test") } : { org: "dnb", lang: "nb" };
        const socket: Socket = io(`${server.url}${nsp}`, {
          auth,
          transports: [transport],
          upgrade: false,
          reconnection: false,
          forceNew: true,
        });
        try {
          await new Promise<void>((resolve, reject) => {
            socket.once(nsp === "/agent" ? "hello" : "session", () => resolve());
            socket.once("connect_error", reject);
          });
          const payload = fc.oneof(
            fc.jsonValue({ maxDepth: 4 }),
            fc.record({
              clientId: fc.oneof(fc.string({ maxLength: 80 }), fc.integer(), fc.constant(null)),
              text: fc.oneof(fc.string({ maxLength: 300 }), fc.constant("\u0000\ud800"), fc.integer()),
              id: fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.constant({ $gt: 0 })),
              conversationId: fc.oneof(fc.string({ maxLength: 50 }), fc.uuid()),
              organisationId: fc.oneof(fc.string({ maxLength: 50 }), fc.uuid()),
            }),
          );
          await fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...events, "no-such-event", "__proto__", "constructor"),
              payload,
              async (event, data) => {
                if (!socket.connected) throw new Error("the server closed the connection for a malformed payload");
                const ack = (await socket.timeout(WAIT_MS).emitWithAck(event, data)) as {
                  ok?: boolean;
                  error?: { code: string };
                };
                expect(typeof ack).toBe("object");
                if (ack.ok === false) expect(typeof ack.error?.code).toBe("string");
                await alive();
              },
            ),
            { numRuns: 60 },
          );
        } finally {
          socket.close();
        }
      });
    }
  }

  it("survives raw garbage on the Socket.IO endpoint of both transports", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.constant('42/widget,["message",{]'),
          fc.constant("4".repeat(70_000)),
        ),
        fc.constantFrom("", "&sid=not-a-session", "&EIO=3", "&transport=websocket"),
        async (frame, extra) => {
          const open = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
          const sid = /"sid":"([^"]+)"/.exec(await open.text())?.[1] ?? "x";
          const target = `${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}${extra}`;
          const res = await fetch(target, { method: "POST", body: frame, headers: { "content-type": "text/plain" } });
          await res.text();
          expect(res.status).toBeLessThan(500);
          await alive();
        },
      ),
      { numRuns: 60 },
    );
  });
});
