import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfflineMessageView } from "../../src/core/offline/offline-message-view.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { AgentClient, connectError, createStaff, freshDatabase, type Server, startServer } from "./support/harness.js";
import { WidgetCustomer } from "./support/widget-customer.js";

const skip = await shouldSkip(PRIMARY_PROVIDER);

/**
 * Leave-a-message requests on the /agent namespace (docs/protocol.md): a
 * customer leaves one on /widget, the organisation's staff see it live and
 * list it, one of them handles it, the others see it go; everyone else is
 * refused.
 */
describe.skipIf(skip)("leave-a-message requests on /agent", { timeout: 90_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  const ids: Record<string, string> = {};
  const clients: Record<string, AgentClient> = {};
  let customer: WidgetCustomer;
  let request: OfflineMessageView;
  const client = (name: string) => clients[name] as AgentClient;

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
    const staff = [
      ["kari", "agent", "ror-ikt"],
      ["ola", "agent", "ror-ikt"],
      ["siri", "supervisor", "ror-ikt"],
      ["bjorn", "agent", "dnb"],
      ["berit", "supervisor", "dnb"],
      ["ada", "admin", null],
    ] as const;
    for (const [name, role, org] of staff) {
      const created = await createStaff(server, { email: `${name}@example.no`, role, org, name });
      ids[name] = created.id;
      clients[name] = await AgentClient.connect(server.url, created.token);
    }
  });

  afterAll(async () => {
    for (const c of Object.values(clients)) c.close();
    customer?.close();
    await server?.close();
    await cleanup?.();
  });

  it("pushes a new request to the organisation's staff at once, and to nobody else", async () => {
    customer = await WidgetCustomer.connect(server.url, { org: "ror-ikt", lang: "en" });
    const left = await customer.request("offline-message", {
      name: "Anne <img src=x onerror=alert(1)>",
      email: "anne@example.no",
      phone: "915 55 555",
      text: "Please call me about <b>the invoice</b>",
    });
    expect(left).toMatchObject({ ok: true, id: expect.any(String) });
    const id = left.id as string;
    for (const name of ["kari", "ola", "siri", "ada"]) {
      const pushed = await client(name).waitFor<OfflineMessageView>("offline:new", (m) => m.id === id);
      expect(pushed).toMatchObject({
        id,
        conversationId: customer.conversationId,
        name: "Anne <img src=x onerror=alert(1)>",
        email: "anne@example.no",
        phone: "+4791555555",
        text: "Please call me about <b>the invoice</b>",
        language: "en",
        handledAt: null,
        handledBy: null,
      });
      request = pushed;
    }
    // Listed for the organisation's staff: the pushed view, and the count.
    const listed = await client("kari").ok("offline:list");
    expect(listed).toEqual({ ok: true, messages: [request], total: 1 });
    expect(await client("ada").ok("offline:list")).toMatchObject({ messages: [request], total: 1 });
    // The other organisation neither got the push nor sees it.
    for (const name of ["bjorn", "berit"]) {
      expect(client(name).received.filter((r) => r.event.startsWith("offline:"))).toEqual([]);
      expect(await client(name).ok("offline:list")).toEqual({ ok: true, messages: [], total: 0 });
    }
  });

  it("refuses a customer's token, and staff of another organisation, changing nothing", async () => {
    expect(await connectError(server.url, customer.token)).toBe("unauthenticated");
    // The /widget namespace has no such events: it says so and does nothing.
    expect(await customer.socket.timeout(5000).emitWithAck("offline:list", {})).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
    const ror = request.organisationId;
    for (const name of ["bjorn", "berit"]) {
      for (const [event, payload] of [
        ["offline:list", { organisationId: ror }],
        ["offline:handle", { id: request.id }],
        ["offline:conversation", { id: request.id }],
      ] as const) {
        expect(await client(name).request(event, payload), `${name} ${event}`).toMatchObject({
          ok: false,
          error: { code: "forbidden" },
        });
      }
    }
    const stored = await server.app.context.repos.offlineMessages.findById(request.id);
    expect(stored?.handledAt).toBeNull();
    expect((await server.app.context.repos.conversations.findById(customer.conversationId))?.humanInvolved).toBe(false);
  });

  it("answers bad payloads and unknown ids with a clear error", async () => {
    const kari = client("kari");
    for (const [event, payload, code] of [
      ["offline:handle", {}, "invalid_input"],
      ["offline:handle", { id: 42 }, "invalid_input"],
      ["offline:handle", { id: request.id, by: "someone" }, "invalid_input"],
      ["offline:list", { organisationId: { $ne: null } }, "invalid_input"],
      ["offline:conversation", "not an object", "invalid_input"],
      ["offline:handle", { id: "no-such-request" }, "not_found"],
    ] as const) {
      const r = await kari.request(event, payload);
      expect(r, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code } });
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
    }
    expect(await client("ada").request("offline:list", { organisationId: "x".repeat(65) })).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
  });

  it("opens the chat the request was left from, for reading", async () => {
    const { conversation } = (await client("ola").ok("offline:conversation", { id: request.id })) as {
      conversation: { id: string; status: string; messages: Array<{ role: string }> };
    };
    expect(conversation.id).toBe(customer.conversationId);
    // Left before anything was said: the greeting is not stored, so the chat holds no messages.
    expect(conversation.messages).toEqual([]);
  });

  it("marks it handled once, tells the organisation, and makes the chat human-involved", async () => {
    for (const name of Object.keys(clients)) client(name).clear();
    const done = await client("kari").ok("offline:handle", { id: request.id });
    expect(done).toMatchObject({
      status: "handled",
      message: { id: request.id, handledBy: { id: ids.kari, displayName: "kari" }, handledAt: expect.any(String) },
    });
    const handled = done.message as OfflineMessageView;
    for (const name of ["ola", "siri", "ada", "kari"]) {
      expect(await client(name).waitFor<OfflineMessageView>("offline:handled", (m) => m.id === request.id)).toEqual(
        handled,
      );
    }
    expect(client("bjorn").received.filter((r) => r.event.startsWith("offline:"))).toEqual([]);
    expect(await client("ola").ok("offline:list")).toEqual({ ok: true, messages: [], total: 0 });

    const again = await client("ola").ok("offline:handle", { id: request.id });
    expect(again).toEqual({ ok: true, status: "already_handled", message: handled });

    const conversation = await server.app.context.repos.conversations.findById(customer.conversationId);
    expect(conversation).toMatchObject({ humanInvolved: true, retentionClass: "human_involved" });
    const stored = await server.app.context.repos.offlineMessages.findById(request.id);
    expect(stored?.handledById).toBe(ids.kari);
  });
});
