import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/protocol/agent-schemas.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import {
  AgentClient,
  Customer,
  connectError,
  createStaff,
  eventually,
  freshDatabase,
  type Server,
  startServer,
} from "./support/harness.js";

const skip = await shouldSkip(PRIMARY_PROVIDER);

/**
 * Role and organisation checks for every event of the /agent namespace and
 * for the HTTP routes: who is refused what, and that a refusal changes nothing.
 */
describe.skipIf(skip)("access to the agent side", { timeout: 90_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const clients: Record<string, AgentClient> = {};
  let waiting: Customer;
  let assigned: Customer;
  let cannedId: string;
  let offlineId: string;

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
    const staff = [
      ["kari", "agent", "alpha"],
      ["ola", "agent", "alpha"],
      ["siri", "supervisor", "alpha"],
      ["bjorn", "agent", "beta"],
      ["berit", "supervisor", "beta"],
      ["cecilie", "compliance", null],
      ["ada", "admin", null],
    ] as const;
    await Promise.all(
      staff.map(async ([name, role, org]) => {
        tokens[name] = (await createStaff(server, { email: `${name}@example.no`, role, org, name })).token;
      }),
    );
    for (const name of ["kari", "ola", "siri", "bjorn", "berit", "ada"]) {
      clients[name] = await AgentClient.connect(server.url, tokens[name]);
    }
    waiting = await Customer.start(server, "alpha", "Venter", "Jeg venter");
    assigned = await Customer.start(server, "alpha", "Betjent", "Jeg blir hjulpet");
    await assigned.requestHandoff();
    await waiting.requestHandoff();
    await (clients.kari as AgentClient).ok("conversation:claim", { conversationId: assigned.conversationId });
    const saved = await (clients.siri as AgentClient).ok("canned:save", {
      title: "Hilsen",
      text: "Hei, og takk for at du venter!",
      language: "nb",
    });
    cannedId = (saved.response as { id: string }).id;
    const left = await server.app.context.services.offlineMessages.leave({
      organisationId: server.orgs.alpha.id,
      conversationId: waiting.conversationId,
      email: "venter@example.no",
      text: "Ring meg",
      language: "nb",
    });
    offlineId = left.id;
  });

  afterAll(async () => {
    for (const c of Object.values(clients)) c.close();
    waiting?.stop();
    assigned?.stop();
    await server?.close();
    await cleanup?.();
  });

  /** A payload per event, about alpha's data; the Record type makes the list complete. */
  const payloads = (): Record<AgentEvent, Record<string, unknown>> => ({
    "queue:list": { organisationId: server.orgs.alpha.id },
    "conversation:claim": { conversationId: waiting.conversationId },
    "conversation:open": { conversationId: assigned.conversationId },
    "conversation:unwatch": { conversationId: assigned.conversationId },
    "conversations:mine": {},
    message: { conversationId: assigned.conversationId, clientId: "intruder-1", text: "hei" },
    typing: { conversationId: assigned.conversationId, typing: true },
    note: { conversationId: assigned.conversationId, text: "inntrenger" },
    "conversation:transfer": { conversationId: assigned.conversationId },
    "conversation:release": { conversationId: assigned.conversationId },
    "conversation:close": { conversationId: assigned.conversationId, resolution: "spam" },
    "presence:set": { presence: "away" },
    "agents:list": { organisationId: server.orgs.alpha.id },
    "canned:list": { organisationId: server.orgs.alpha.id },
    "canned:save": { organisationId: server.orgs.alpha.id, title: "x", text: "y", language: "nb" },
    "canned:delete": { id: cannedId },
    "knowledge:search": { query: "passord", language: "nb", organisationId: server.orgs.alpha.id },
    "supervisor:overview": { organisationId: server.orgs.alpha.id },
    "offline:list": { organisationId: server.orgs.alpha.id },
    "offline:handle": { id: offlineId },
    "offline:conversation": { id: offlineId },
  });

  /** Events that only touch the caller's own things. */
  const OWN_ONLY: AgentEvent[] = ["conversations:mine", "presence:set", "conversation:unwatch"];

  async function unchanged(): Promise<void> {
    const { repos } = server.app.context;
    expect((await repos.conversations.findById(waiting.conversationId))?.status).toBe("queued");
    const a = await repos.conversations.findById(assigned.conversationId);
    expect(a?.status).toBe("assigned");
    expect((await repos.messages.list(assigned.conversationId)).map((m) => m.role)).toEqual(["customer", "bot"]);
    expect(await repos.notes.listForConversation(assigned.conversationId)).toEqual([]);
    expect(await repos.cannedResponses.findById(cannedId)).not.toBeNull();
    expect((await repos.offlineMessages.findById(offlineId))?.handledAt).toBeNull();
    expect((await repos.conversations.findById(waiting.conversationId))?.humanInvolved).toBe(false);
  }

  it("refuses connections without a valid staff session, and compliance staff", async () => {
    expect(await connectError(server.url, undefined)).toBe("unauthenticated");
    expect(await connectError(server.url, "not-a-token")).toBe("unauthenticated");
    expect(await connectError(server.url, tokens.cecilie)).toBe("forbidden");
  });

  it("refuses an agent of another organisation every event about this organisation", async () => {
    const bjorn = clients.bjorn as AgentClient;
    for (const [event, payload] of Object.entries(payloads()) as Array<[AgentEvent, Record<string, unknown>]>) {
      const r = await bjorn.request(event, payload);
      if (OWN_ONLY.includes(event)) expect(r.ok, event).toBe(true);
      else expect(r, event).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    await unchanged();
    await (clients.bjorn as AgentClient).ok("presence:set", { presence: "online" });
  });

  it("refuses a supervisor of another organisation the same", async () => {
    const berit = clients.berit as AgentClient;
    for (const [event, payload] of Object.entries(payloads()) as Array<[AgentEvent, Record<string, unknown>]>) {
      const r = await berit.request(event, payload);
      if (OWN_ONLY.includes(event)) expect(r.ok, event).toBe(true);
      else expect(r, event).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    await unchanged();
    await berit.ok("presence:set", { presence: "online" });
  });

  it("keeps a colleague out of a chat another agent has, and agents out of supervisor events", async () => {
    const ola = clients.ola as AgentClient;
    const all = payloads();
    for (const event of [
      "conversation:open",
      "message",
      "typing",
      "note",
      "conversation:transfer",
      "conversation:release",
      "conversation:close",
      "canned:save",
      "canned:delete",
      "supervisor:overview",
    ] as const) {
      expect(await ola.request(event, all[event]), event).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await ola.request("conversation:claim", { conversationId: assigned.conversationId })).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    await unchanged();
    // What an agent may do in their own organisation.
    for (const event of [
      "queue:list",
      "agents:list",
      "canned:list",
      "knowledge:search",
      "conversations:mine",
      "offline:list",
      "offline:conversation",
    ] as const) {
      expect((await ola.request(event, all[event])).ok, event).toBe(true);
    }
    const preview = await ola.ok("conversation:open", { conversationId: waiting.conversationId });
    expect((preview.conversation as { status: string }).status).toBe("queued");
  });

  it("rejects malformed payloads of every event without changing anything", async () => {
    const kari = clients.kari as AgentClient;
    const bad: Record<AgentEvent, unknown> = {
      "queue:list": { organisationId: 42 },
      "conversation:claim": {},
      "conversation:open": { conversationId: "" },
      "conversation:unwatch": { conversationId: ["x"] },
      "conversations:mine": { extra: true },
      message: { conversationId: assigned.conversationId, clientId: "c", text: "x".repeat(4001) },
      typing: { conversationId: assigned.conversationId, typing: "yes" },
      note: { conversationId: assigned.conversationId, text: "   " },
      "conversation:transfer": { conversationId: assigned.conversationId, toAgentId: 7 },
      "conversation:release": "not an object",
      "conversation:close": { conversationId: assigned.conversationId, resolution: "whatever" },
      "presence:set": { presence: "busy" },
      "agents:list": { organisationId: { $ne: null } },
      "canned:list": { organisationId: true },
      "canned:save": { title: "", text: "y", language: "de" },
      "canned:delete": {},
      "knowledge:search": { query: "" },
      "supervisor:overview": { organisationId: 1 },
      "offline:list": { organisationId: [] },
      "offline:handle": { id: "" },
      "offline:conversation": { id: 5, extra: true },
    };
    for (const [event, payload] of Object.entries(bad) as Array<[AgentEvent, unknown]>) {
      expect(await kari.request(event, payload), event).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    await unchanged();
  });

  it("lets a supervisor of the organisation see the overview and watch any chat", async () => {
    const siri = clients.siri as AgentClient;
    const { overviews } = (await siri.ok("supervisor:overview")) as {
      overviews: Array<{ organisationId: string; queueLength: number; agentsOnline: number }>;
    };
    expect(overviews).toHaveLength(1);
    expect(overviews[0]).toMatchObject({ organisationId: server.orgs.alpha.id, queueLength: 1 });
    expect(overviews[0]?.agentsOnline).toBeGreaterThanOrEqual(3);
    await siri.ok("conversation:open", { conversationId: assigned.conversationId });
    const id = await assigned.say("Er dere der?");
    await siri.waitFor("message", (m: { id: number }) => m.id === id);
  });

  it("lets an admin work across organisations, naming the organisation where one is needed", async () => {
    const ada = clients.ada as AgentClient;
    const queue = (await ada.ok("queue:list")) as { items: Array<{ conversationId: string }> };
    expect(queue.items.map((i) => i.conversationId)).toContain(waiting.conversationId);
    expect(await ada.request("canned:list", {})).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect((await ada.request("canned:list", { organisationId: server.orgs.alpha.id })).ok).toBe(true);
    const overview = (await ada.ok("supervisor:overview")) as { overviews: Array<{ organisationId: string }> };
    const covered = overview.overviews.map((o) => o.organisationId);
    expect(covered).toEqual(expect.arrayContaining([server.orgs.alpha.id, server.orgs.beta.id]));
  });

  it("ends a socket's access as soon as its session is logged out", async () => {
    const token = (await createStaff(server, { email: "kortvarig@example.no", role: "agent" })).token;
    const client = await AgentClient.connect(server.url, token);
    expect((await client.request("queue:list")).ok).toBe(true);
    const res = await fetch(`${server.url}/api/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    // The open socket is told and disconnected straight away, without waiting for its next event.
    expect(await client.waitFor("session:ended")).toEqual({ reason: "logout" });
    await eventually(() => !client.socket.connected);
    expect(await connectError(server.url, token)).toBe("unauthenticated");
  });

  it("checks role and organisation on the HTTP routes", async () => {
    const get = (path: string, token?: string) =>
      fetch(`${server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await get("/api/handoff/queue")).status).toBe(401);
    expect((await get("/api/handoff/queue", tokens.cecilie)).status).toBe(403);
    const own = await get("/api/handoff/queue", tokens.ola);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { items: Array<{ conversationId: string }> }).items[0]?.conversationId).toBe(
      waiting.conversationId,
    );
    expect((await get(`/api/handoff/queue?organisationId=${server.orgs.alpha.id}`, tokens.bjorn)).status).toBe(403);
    const theirs = await get("/api/handoff/queue", tokens.bjorn);
    expect(((await theirs.json()) as { items: unknown[] }).items).toEqual([]);
    expect((await get("/api/handoff/overview", tokens.ola)).status).toBe(403);
    expect((await get("/api/handoff/overview", tokens.siri)).status).toBe(200);
    expect((await get(`/api/handoff/overview?organisationId=${server.orgs.alpha.id}`, tokens.berit)).status).toBe(403);
  });
});
