import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import type { SupervisorOverview } from "../../src/core/handoff/supervisor-overview.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import {
  AgentClient,
  createStaff,
  eventually,
  freshDatabase,
  login,
  type Server,
  startServer,
} from "./support/harness.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const skip = await shouldSkip(PRIMARY_PROVIDER);

type Presence = { agent: { id: string }; presence: string };

/**
 * A staff session that ends takes its open agent consoles with it: they are
 * told (`session:ended`) and disconnected, so they stop receiving customers'
 * messages and queue updates, and colleagues see the agent go offline.
 */
describe.skipIf(skip)("ending staff sessions", { timeout: 120_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function server(env: Record<string, string>, clock?: FixedClock): Promise<Server> {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    const s = await startServer(db.config, { env, ...(clock ? { clock } : {}) });
    cleanups.push(() => s.close());
    return s;
  }

  async function console_(s: Server, token: string): Promise<AgentClient> {
    const c = await AgentClient.connect(s.url, token);
    cleanups.push(() => c.close());
    return c;
  }

  /** Resolves with the reason once the console was told its session ended and was disconnected. */
  async function ended(c: AgentClient, ms?: number): Promise<string> {
    const { reason } = await c.waitFor<{ reason: string }>("session:ended", () => true, ms);
    await eventually(() => c.socket.disconnected, ms);
    return reason;
  }

  const agentIn = (overviews: SupervisorOverview[], id: string) =>
    overviews.flatMap((o) => o.agents).find((a) => a.id === id);

  // A check interval far longer than the test: what ends these sessions is the announcement, not the check.
  const NO_PERIODIC_CHECK = { SKRANKE_SESSION_CHECK_SECONDS: "300" };

  it("logout disconnects that session's consoles at once, and leaves the user's other session alone", async () => {
    const s = await server(NO_PERIODIC_CHECK);
    const kari = await createStaff(s, { email: "kari@alpha.no", role: "agent", name: "Kari" });
    const secondToken = await login(s.url, "kari@alpha.no");
    const laptop = await console_(s, kari.token);
    const phone = await console_(s, secondToken);
    const started = Date.now();
    const res = await fetch(`${s.url}/api/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${kari.token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(await ended(laptop, 3000)).toBe("logout");
    expect(Date.now() - started).toBeLessThan(3000);
    // The other session still works, and keeps Kari present.
    expect(await phone.ok("queue:list", {})).toMatchObject({ ok: true });
    expect(phone.socket.connected).toBe(true);
    expect((await s.app.context.repos.users.findById(kari.id))?.presence).toBe("online");
  });

  it("disabling an account or resetting its password disconnects all its consoles; the supervisor sees it offline", async () => {
    const s = await server(NO_PERIODIC_CHECK);
    const lead = await createStaff(s, { email: "leder@alpha.no", role: "supervisor", name: "Lise" });
    const kari = await createStaff(s, { email: "kari@alpha.no", role: "agent", name: "Kari" });
    const ola = await createStaff(s, { email: "ola@alpha.no", role: "agent", name: "Ola" });
    const supervisor = await console_(s, lead.token);
    const kariTabs = [await console_(s, kari.token), await console_(s, await login(s.url, "kari@alpha.no"))];
    const olaTab = await console_(s, ola.token);
    const before = (await supervisor.ok("supervisor:overview", {})).overviews as SupervisorOverview[];
    expect(agentIn(before, kari.id)?.presence).toBe("online");

    await s.app.context.services.accounts.setDisabled("kari@alpha.no", true, "test");
    expect(await Promise.all(kariTabs.map((c) => ended(c, 3000)))).toEqual(["disabled", "disabled"]);
    await supervisor.waitFor<Presence>("presence", (p) => p.agent.id === kari.id && p.presence === "offline");
    const after = (await supervisor.ok("supervisor:overview", {})).overviews as SupervisorOverview[];
    // A disabled account is no longer listed; above all, it is not counted online.
    expect(agentIn(after, kari.id)?.presence ?? "not listed").not.toBe("online");
    expect(after[0]?.agentsOnline).toBe((before[0]?.agentsOnline ?? 0) - 1);
    expect(agentIn(after, ola.id)?.presence).toBe("online");

    await s.app.context.services.accounts.resetPassword("ola@alpha.no", "et-helt-nytt-passord", "test");
    expect(await ended(olaTab, 3000)).toBe("password_reset");
    await supervisor.waitFor<Presence>("presence", (p) => p.agent.id === ola.id && p.presence === "offline");
    expect(supervisor.socket.connected).toBe(true);
  });

  it("disconnects a console when its session expires", async () => {
    const clock = new FixedClock(new Date());
    const s = await server({ SKRANKE_SESSION_CHECK_SECONDS: "1" }, clock);
    const kari = await createStaff(s, { email: "kari@alpha.no", role: "agent" });
    const tab = await console_(s, kari.token);
    expect(await tab.ok("queue:list", {})).toMatchObject({ ok: true });
    clock.advance(12 * 3_600_000 + 1000);
    expect(await ended(tab)).toBe("expired");
  });

  it("user:disable on the command line ends the open consoles of a server without Redis", async () => {
    const s = await server({ SKRANKE_SESSION_CHECK_SECONDS: "1" });
    const kari = await createStaff(s, { email: "kari@alpha.no", role: "agent" });
    const tab = await console_(s, kari.token);
    const databaseUrl = s.app.context.config.database.url;
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/user.ts", "disable", "--email", kari.email], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", REDIS_URL: "" },
        stdio: "ignore",
      });
      child.on("exit", (c) => resolve(c ?? -1));
    });
    expect(code).toBe(0);
    expect(await ended(tab)).toBe("revoked");
  });
});
