import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { AppHarness } from "./support/app-harness.js";
import { WidgetClient } from "./support/widget-client.js";

/** Monday 23 November 2026, 10:00 in Oslo. */
const OPEN = new Date("2026-11-23T09:00:00Z");
const PASSWORD = "correct horse battery staple";

let server: AppHarness;
const sockets: Array<{ close(): void }> = [];

beforeEach(async () => {
  server = new AppHarness(new FixedClock(OPEN));
  await server.start();
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server.destroy();
});

async function agent(): Promise<Socket> {
  await server.app.context.services.accounts.createUser({
    email: "kari@ror-ikt.example",
    displayName: "Kari",
    role: "agent",
    organisationSlug: "ror-ikt",
    password: PASSWORD,
  });
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "kari@ror-ikt.example", password: PASSWORD }),
  });
  const { token } = (await res.json()) as { token: string };
  const socket = io(`${server.url}/agent`, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const presence = await socket.emitWithAck("presence:set", { presence: "online" });
  expect(presence).toMatchObject({ ok: true });
  return socket;
}

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/widget with a person", () => {
  it("queues through the bot, keeps the bot silent while the agent has the chat, and resumes on release", async () => {
    const kari = await agent();
    const ola = await WidgetClient.connect(server.url, { org: "ror-ikt" });
    sockets.push(ola);
    await ola.request("message", { clientId: "1", text: "Jeg vil snakke med et menneske" });
    const conversationId = await ola.conversationId();
    expect((await ola.waitFor(1, "bot"))[0]?.text).toContain("Skriv kort");
    await ola.request("message", { clientId: "2", text: "Printeren min skriver ikke ut" });
    const queued = await ola.waitFor(3, "bot");
    expect(queued[1]?.text).toContain("Et øyeblikk");
    expect(queued[2]?.text).toContain("nummer 1");
    expect(await ola.waitForEvent("status")).toEqual({ status: "queued" });
    expect(await ola.waitForEvent("queue")).toMatchObject({ position: 1 });

    expect(await kari.emitWithAck("conversation:claim", { conversationId })).toMatchObject({ ok: true });
    expect(await ola.waitForEvent("agent:joined")).toEqual({ name: "Kari" });

    // A question the bot could answer: it stays silent, the agent sees it.
    expect(await ola.request("message", { clientId: "3", text: "Når har dere åpent?" })).toMatchObject({ ok: true });
    const agentSays = await kari.emitWithAck("message", {
      conversationId,
      clientId: randomUUID(),
      text: "Hei! Jeg ser på det.",
    });
    expect(agentSays).toMatchObject({ ok: true });
    expect((await ola.waitFor(1, "agent"))[0]).toMatchObject({ text: "Hei! Jeg ser på det.", authorName: "Kari" });
    await new Promise((r) => setTimeout(r, 300));
    expect(ola.messages.filter((m) => m.role === "bot")).toHaveLength(3);

    expect(await kari.emitWithAck("conversation:release", { conversationId })).toMatchObject({ ok: true });
    expect(await ola.waitForEvent("agent:left")).toEqual({ name: "Kari", reason: "released" });
    expect((await ola.waitFor(4, "bot"))[3]?.text).toContain("chatboten igjen");
    await ola.request("message", { clientId: "4", text: "Når har dere åpent?" });
    expect((await ola.waitFor(5, "bot"))[4]?.metadata).toMatchObject({ action: "answer" });

    const stored = await server.app.context.repos.messages.list(conversationId);
    expect(stored.map((m) => m.role)).toEqual([
      "customer",
      "bot",
      "customer",
      "bot",
      "bot",
      "customer",
      "agent",
      "bot",
      "customer",
      "bot",
    ]);
    const conversation = await server.app.context.repos.conversations.findById(conversationId);
    expect(conversation).toMatchObject({ status: "bot", humanInvolved: true, retentionClass: "human_involved" });
  });
});
