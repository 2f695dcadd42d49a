import { Writable } from "node:stream";
import type restify from "restify";
import { afterEach, describe, expect, it } from "vitest";
import { requireRole } from "../../../src/channels/http/auth.js";
import { createHttpServer } from "../../../src/channels/http/server.js";
import type { AccountService } from "../../../src/core/accounts/account-service.js";
import type { Principal, Role } from "../../../src/core/accounts/roles.js";
import { createLogger } from "../../../src/observability/logger.js";

const staff = (role: Role): Principal => ({
  userId: `u-${role}`,
  email: `${role}@example.no`,
  displayName: role,
  role,
  organisationId: "org-1",
  sessionId: `s-${role}`,
});

/** Session tokens named after their role; anything else is unknown. */
const accounts = {
  authenticate: async (token: string | undefined | null) =>
    token === "agent" || token === "supervisor" ? staff(token) : null,
} as unknown as AccountService;

/** requireRole in front of a real restify server: a refused request never reaches the handler. */
describe("requireRole", () => {
  let server: restify.Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function start() {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const s = createHttpServer(createLogger("info", sink));
    server = s;
    const ran: string[] = [];
    s.post("/probe", requireRole(accounts, ["supervisor"]), async (req, res) => {
      ran.push(String(req.header("authorization")));
      res.json({ ran: true });
    });
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
    const address = s.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const post = (token?: string) =>
      fetch(`http://127.0.0.1:${port}/probe`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: "{}",
      });
    return { lines, ran, post };
  }

  it("stops a request without a session or without the role, and lets the right role through", async () => {
    const { ran, post } = await start();
    const anonymous = await post();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "unauthenticated" } });
    const agent = await post("agent");
    expect(agent.status).toBe(403);
    expect(await agent.json()).toMatchObject({ error: { code: "forbidden" } });
    const unknown = await post("made-up");
    expect(unknown.status).toBe(401);
    expect(ran).toEqual([]);

    const supervisor = await post("supervisor");
    expect(supervisor.status).toBe(200);
    expect(await supervisor.json()).toEqual({ ran: true });
    expect(ran).toEqual(["Bearer supervisor"]);
  });

  it("logs a refusal once at info, without an error or a stack trace", async () => {
    const { lines, post } = await start();
    expect((await post()).status).toBe(401);
    expect((await post("agent")).status).toBe(403);
    // The request log line comes after the response; wait for both.
    for (let i = 0; i < 50 && lines.filter((l) => l.msg === "request").length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const refusals = lines.filter((l) => l.msg === "request refused");
    expect(refusals).toMatchObject([
      { level: 30, status: 401, code: "unauthenticated", path: "/probe" },
      { level: 30, status: 403, code: "forbidden", path: "/probe", userId: "u-agent" },
    ]);
    expect(lines.filter((l) => l.msg === "request").map((l) => l.status)).toEqual([401, 403]);
    expect(lines.filter((l) => Number(l.level) >= 40)).toEqual([]);
    expect(JSON.stringify(lines)).not.toMatch(/"stack"/);
  });
});
