import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentClient, login, PASSWORD } from "../handoff/support/harness.js";
import { WidgetCustomer } from "../handoff/support/widget-customer.js";
import { RunningClock } from "../support/running-clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { AppHarness } from "./support/app-harness.js";

/**
 * Socket.IO's HTTP long-polling transport (the fallback behind proxies that
 * block WebSocket) on the restify server: both namespaces work over it, and a
 * POST over the buffer limit gets engine.io's 413 instead of taking the
 * process down.
 */

/** A Tuesday, 10:00 in Oslo: every organisation is open. Time runs on from there. */
const clock = new RunningClock(new Date("2026-11-24T09:00:00Z"));
const polling = { transports: ["polling" as const] };

let server: AppHarness;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  server = new AppHarness(clock);
  await server.start();
});
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await server.destroy();
});

async function handshake(): Promise<{ sid: string; maxPayload: number }> {
  const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return JSON.parse(text.slice(1)) as { sid: string; maxPayload: number };
}

const healthy = async () => (await fetch(`${server.url}/healthz`)).status;

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("Socket.IO long-polling", { timeout: 60_000 }, () => {
  it("carries a customer's chat with the bot and an agent, both on polling only", async () => {
    const { accounts } = server.app.context.services;
    await accounts.createUser({
      email: "kari@dnb.test",
      role: "agent",
      organisationSlug: "dnb",
      password: PASSWORD,
      displayName: "Kari",
    });
    const agent = await AgentClient.connect(server.url, await login(server.url, "kari@dnb.test"), polling);
    cleanups.push(() => agent.close());
    expect(agent.socket.io.engine.transport.name).toBe("polling");
    expect(agent.hello).toMatchObject({ user: { email: "kari@dnb.test" } });
    expect(await agent.request("queue:list", {})).toMatchObject({ ok: true, items: [] });

    const customer = await WidgetCustomer.connect(server.url, { org: "dnb", lang: "nb" }, polling);
    cleanups.push(() => customer.close());
    expect(customer.socket.io.engine.transport.name).toBe("polling");
    expect(await customer.say("Hva er åpningstidene deres?")).toMatchObject({ ok: true, duplicate: false });
    await customer.waitFor<{ role: string; text: string }>("message", (m) => m.role === "bot");

    expect(await customer.request("handoff:request", { summary: "Vil snakke med noen" })).toMatchObject({
      ok: true,
      status: "queued",
    });
    await agent.waitForQueue((items) => items.some((i) => i.conversationId === customer.conversationId));
    expect(await agent.request("conversation:claim", { conversationId: customer.conversationId })).toMatchObject({
      ok: true,
    });
    expect(
      await agent.request("message", {
        conversationId: customer.conversationId,
        clientId: "a1",
        text: "Hei, Kari her",
      }),
    ).toMatchObject({ ok: true });
    const reply = await customer.waitFor<{ role: string; text: string }>("message", (m) => m.role === "agent");
    expect(reply.text).toBe("Hei, Kari her");
    // The customer's answer reaches the agent the same way.
    expect(await customer.say("Takk!")).toMatchObject({ ok: true });
    await agent.waitFor<{ text: string }>("message", (m) => m.text === "Takk!");
  });

  it("accepts an ordinary small POST and answers an oversized one with 413, staying up", async () => {
    const small = await handshake();
    const post = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${small.sid}`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: '40/widget,{"org":"dnb"}',
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toBe("ok");
    expect(await healthy()).toBe(200);

    const big = await handshake();
    const tooLarge = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${big.sid}`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: "4".padEnd(big.maxPayload + 1024, "x"),
    });
    expect(tooLarge.status).toBe(413);
    expect(await healthy()).toBe(200);

    const binary = await handshake();
    const refused = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${binary.sid}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(refused.status).toBe(400);
    expect(await healthy()).toBe(200);
  });
});
