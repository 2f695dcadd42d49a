import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { createApp } from "../../src/app.js";
import type { Clock } from "../../src/core/clock.js";
import type { QueueItem } from "../../src/core/handoff/staff-events.js";
import { createLogger } from "../../src/observability/logger.js";
import { RunningClock } from "../support/running-clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import {
  type AckResult,
  AgentClient,
  connectError,
  freshDatabase,
  login,
  PASSWORD,
  testConfig,
} from "./support/harness.js";
import { WidgetCustomer } from "./support/widget-customer.js";

const skip = await shouldSkip(PRIMARY_PROVIDER);

/** A Tuesday, 10:00 in Oslo: every organisation's customer service is open. Time runs on from there. */
const openHours: Clock = new RunningClock(new Date("2026-11-24T09:00:00Z"));

/**
 * End to end through both documented namespaces: a customer on /widget and
 * agents on /agent, as the acceptance check drives them.
 */
describe.skipIf(skip)("a customer on /widget and agents on /agent", { timeout: 90_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function start(database: ReturnType<typeof freshDatabase>["config"]) {
    const app: App = await createApp(testConfig(database), createLogger("silent"), { clock: openHours });
    const port = await app.listen();
    return { app, url: `http://127.0.0.1:${port}` };
  }

  async function agent(app: App, url: string, email: string, org: string): Promise<AgentClient> {
    await app.context.services.accounts.createUser({
      email,
      role: "agent",
      organisationSlug: org,
      password: PASSWORD,
      displayName: email.split("@")[0] as string,
    });
    const client = await AgentClient.connect(url, await login(url, email));
    cleanups.push(() => client.close());
    return client;
  }

  it("escalates, lets one claim win, carries messages both ways, hands back, and survives a restart", async () => {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    let server = await start(db.config);
    let open = true;
    cleanups.push(async () => {
      if (open) await server.app.close();
    });
    const kari = await agent(server.app, server.url, "kari@dnb.test", "dnb");
    const ola = await agent(server.app, server.url, "ola@dnb.test", "dnb");
    const outsider = await agent(server.app, server.url, "rita@ror.test", "ror-ikt");

    const customer = await WidgetCustomer.connect(server.url, { org: "dnb", lang: "nb" });
    cleanups.push(() => customer.close());
    expect(await customer.say("Jeg har et problem med <script>alert(1)</script> kortet mitt")).toMatchObject({
      ok: true,
    });
    const handoff = await customer.request("handoff:request", { summary: "Kortproblem" });
    expect(handoff).toMatchObject({ ok: true, status: "queued", position: 1 });

    // The escalation appears in the queue of the organisation's agents, not in another's.
    const waiting = await kari.waitForQueue((items) => items.some((i) => i.conversationId === customer.conversationId));
    expect(waiting[0]).toMatchObject({
      organisationSlug: "dnb",
      firstWords: "Jeg har et problem med <script>alert(1)</script> kortet mitt",
      summary: "Kortproblem",
    });
    expect(await outsider.request("conversation:claim", { conversationId: customer.conversationId })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });

    // A customer's widget token opens nothing on the staff side.
    expect(await connectError(server.url, customer.token)).toBe("unauthenticated");
    const staffRoute = await fetch(`${server.url}/api/handoff/queue`, {
      headers: { authorization: `Bearer ${customer.token}` },
    });
    expect(staffRoute.status).toBe(401);

    // Both claim at once: one wins.
    const claims: AckResult[] = await Promise.all([
      kari.request("conversation:claim", { conversationId: customer.conversationId }),
      ola.request("conversation:claim", { conversationId: customer.conversationId }),
    ]);
    expect(claims.filter((c) => c.ok)).toHaveLength(1);
    const winner = claims[0]?.ok ? kari : ola;
    await customer.waitFor("agent:joined");

    // Messages flow both ways.
    await winner.ok("message", {
      conversationId: customer.conversationId,
      clientId: "a1",
      text: "Hei! Hva gjelder det?",
    });
    await customer.waitFor<{ role: string; text: string }>(
      "message",
      (m) => m.role === "agent" && m.text === "Hei! Hva gjelder det?",
    );
    const sent = await customer.say("Kortet er sperret");
    await winner.waitFor("message", (m: { id: number }) => m.id === sent.id);
    await winner.ok("typing", { conversationId: customer.conversationId, typing: true });
    await customer.waitFor("typing", (t: { from: string }) => t.from === "agent");
    customer.socket.emit("typing", { typing: true });
    await winner.waitFor("typing", (t: { conversationId: string }) => t.conversationId === customer.conversationId);

    // Hand-back returns the customer to the bot.
    await winner.ok("conversation:release", { conversationId: customer.conversationId });
    await customer.waitFor("agent:left", (l: { reason: string }) => l.reason === "released");
    await customer.waitFor("status", (s: { status: string }) => s.status === "bot");
    expect((await server.app.context.repos.conversations.findById(customer.conversationId))?.status).toBe("bot");

    // Queued again, then the server restarts: the customer keeps the place.
    const again = await customer.request("handoff:request", {});
    expect(again).toMatchObject({ ok: true, status: "queued", position: 1 });
    const second = await WidgetCustomer.connect(server.url, { org: "dnb", lang: "en" });
    cleanups.push(() => second.close());
    await second.say("Need help with my loan");
    expect(await second.request("handoff:request", {})).toMatchObject({ status: "queued", position: 2 });
    const token = customer.token;
    customer.close();
    second.close();
    kari.close();
    ola.close();
    outsider.close();
    await server.app.close();
    open = false;

    server = await start(db.config);
    open = true;
    const back = await WidgetCustomer.connect(server.url, { org: "dnb", token, lang: "nb" });
    cleanups.push(() => back.close());
    expect(back.conversationId).toBe(customer.conversationId);
    expect(back.session).toMatchObject({ status: "queued", queue: { position: 1 } });
    const kariAgain = await AgentClient.connect(server.url, await login(server.url, "kari@dnb.test"));
    cleanups.push(() => kariAgain.close());
    const queue = (kariAgain.hello as { queue: QueueItem[] }).queue;
    expect(queue.map((i) => i.conversationId)).toEqual([customer.conversationId, second.conversationId]);
    await kariAgain.ok("conversation:claim", { conversationId: back.conversationId });
    await back.waitFor("agent:joined");
  }, 60_000);
});
