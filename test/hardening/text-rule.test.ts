import { randomUUID } from "node:crypto";
import { io } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { TEXT_RULE_MESSAGE } from "../../src/core/validation/text.js";
import { agentSchemas } from "../../src/protocol/agent-schemas.js";
import { authSchema, widgetSchemas } from "../../src/protocol/widget-schemas.js";
import { AppHarness } from "../channels/support/app-harness.js";
import { AgentClient, login, PASSWORD } from "../handoff/support/harness.js";
import { WidgetCustomer } from "../handoff/support/widget-customer.js";
import { RunningClock } from "../support/running-clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";

/**
 * The text rule: a NUL or an unpaired UTF-16 surrogate in any text field is
 * `invalid_input` on every channel, the same on SQLite and PostgreSQL, and
 * nothing is stored.
 */
const BAD = { nul: "hei\u0000du", loneHigh: "hei \uD83D du", loneLow: "\uDE00 hei" } as const;

/** The paths of every string field (not enums) of a zod schema, from its JSON Schema. */
function stringFields(schema: z.ZodType): string[][] {
  const out: string[][] = [];
  const walk = (node: Record<string, unknown>, path: string[]) => {
    const type = node.type;
    const isString = type === "string" || (Array.isArray(type) && type.includes("string"));
    if (isString && !("enum" in node) && !("const" in node)) out.push(path);
    for (const key of ["anyOf", "oneOf", "allOf"] as const) {
      for (const member of (node[key] as Array<Record<string, unknown>> | undefined) ?? []) walk(member, path);
    }
    const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
    for (const [name, inner] of Object.entries(properties ?? {})) walk(inner, [...path, name]);
  };
  walk(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>, []);
  return out;
}

function withValue(path: string[], value: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) node[key] = value;
    else {
      const child: Record<string, unknown> = {};
      node[key] = child;
      node = child;
    }
  });
  return root;
}

describe("the text rule in the socket schemas", () => {
  const schemas: Array<[string, z.ZodType]> = [
    ["/widget auth", authSchema],
    ...Object.entries(widgetSchemas).map(([e, s]) => [`/widget ${e}`, s] as [string, z.ZodType]),
    ...Object.entries(agentSchemas).map(([e, s]) => [`/agent ${e}`, s] as [string, z.ZodType]),
  ];
  const fields = schemas.flatMap(([name, schema]) => stringFields(schema).map((path) => ({ name, schema, path })));

  it("finds the string fields it checks (the walk itself works)", () => {
    const names = fields.map((f) => `${f.name} ${f.path.join(".")}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "/widget message text",
        "/widget offline-message name",
        "/widget rating comment",
        "/agent note text",
        "/agent canned:save title",
        "/agent conversation:claim conversationId",
      ]),
    );
    expect(fields.length).toBeGreaterThan(25);
  });

  it.each(Object.entries(BAD))("refuses %s in every string field of every event", (_kind, bad) => {
    const accepted = fields.filter(({ schema, path }) => {
      const result = schema.safeParse(withValue(path, bad));
      if (result.success) return true;
      return !result.error.issues.some((i) => i.message === TEXT_RULE_MESSAGE && i.path.join(".") === path.join("."));
    });
    expect(accepted.map((f) => `${f.name} ${f.path.join(".")}`)).toEqual([]);
  });

  it("keeps emoji and other well-formed text", () => {
    const parsed = widgetSchemas.message.parse({ clientId: "c1", text: "Hei 😀 – blåbær\tog\nmer" });
    expect(parsed.text).toBe("Hei 😀 – blåbær\tog\nmer");
  });
});

/** A Tuesday, 10:00 in Oslo: every organisation is open. Time runs on from there. */
const clock = new RunningClock(new Date("2026-11-24T09:00:00Z"));

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))(
  `the text rule on ${PRIMARY_PROVIDER}, end to end`,
  { timeout: 90_000 },
  () => {
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

    const staff = async (email: string, role: string) => {
      await server.app.context.services.accounts.createUser({
        email,
        role,
        organisationSlug: "dnb",
        password: PASSWORD,
        displayName: email.split("@")[0] as string,
      });
      return login(server.url, email);
    };

    it("refuses such text from a customer on /widget and stores nothing", async () => {
      const customer = await WidgetCustomer.connect(server.url, { org: "dnb", lang: "nb" });
      cleanups.push(() => customer.close());
      // Nothing is stored before the customer's first (well-formed) message or action.
      const stored = async () => server.app.context.db.prisma.message.count({ where: { role: "customer" } });
      const refusals = [
        ["message", { clientId: randomUUID(), text: BAD.nul }],
        ["message", { clientId: randomUUID(), text: BAD.loneHigh }],
        ["message", { clientId: `c${BAD.nul}`, text: "hei" }],
        ["message", { clientId: randomUUID(), text: "hei", value: BAD.loneLow }],
        ["offline-message", { name: BAD.nul, email: "kari@example.no", text: "Ring meg" }],
        ["offline-message", { email: "kari@example.no", text: BAD.loneLow }],
        ["rating", { score: 4, comment: BAD.nul }],
        ["handoff:request", { summary: BAD.loneHigh }],
      ] as const;
      for (const [event, payload] of refusals) {
        expect(await customer.request(event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject({
          ok: false,
          error: { code: "invalid_input", message: expect.stringContaining(TEXT_RULE_MESSAGE) },
        });
      }
      expect(await stored()).toBe(0);
      expect(await server.app.context.db.prisma.conversation.count()).toBe(0);
      // Well-formed text still goes through.
      expect(await customer.say("Hei 😀")).toMatchObject({ ok: true });
      expect(await stored()).toBe(1);
    });

    it("refuses such a handshake on /widget", async () => {
      const socket = io(`${server.url}/widget`, {
        auth: { org: BAD.nul },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      const refusal = await new Promise<string>((resolve) => socket.once("connect_error", (e) => resolve(e.message)));
      socket.close();
      expect(refusal).toBe("invalid_input");
    });

    it("refuses such text from staff on /agent", async () => {
      const agent = await AgentClient.connect(server.url, await staff("kari@dnb.test", "supervisor"));
      cleanups.push(() => agent.close());
      const id = randomUUID();
      const refusals = [
        ["message", { conversationId: id, clientId: "a1", text: BAD.nul }],
        ["note", { conversationId: id, text: BAD.loneHigh }],
        ["canned:save", { title: BAD.nul, text: "Hei", language: "nb" }],
        ["canned:save", { title: "Hilsen", text: BAD.loneLow, language: "nb" }],
        ["conversation:claim", { conversationId: `x${BAD.nul}` }],
        ["knowledge:search", { query: BAD.nul }],
        ["queue:list", { organisationId: BAD.nul }],
      ] as const;
      for (const [event, payload] of refusals) {
        expect(await agent.request(event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject({
          ok: false,
          error: { code: "invalid_input" },
        });
      }
      // Nothing was saved: only the responses the knowledge base ships are listed.
      const listed = (await agent.request("canned:list", {})) as { ok: boolean; responses: Array<{ origin: string }> };
      expect(listed.ok).toBe(true);
      expect(listed.responses.filter((r) => r.origin !== "knowledge")).toEqual([]);
    });

    it("refuses such text in HTTP bodies, query strings and route parameters", async () => {
      const compliance = await staff("rita@dnb.test", "compliance");
      const agent = await staff("ola@dnb.test", "agent");
      const json = (token: string | null, method: string, body: unknown) => ({
        method,
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      const cases: Array<[string, RequestInit]> = [
        ["/api/auth/login", json(null, "POST", { email: `kari${BAD.nul}@dnb.test`, password: "x" })],
        ["/api/handoff/queue?organisationId=%00", { headers: { authorization: `Bearer ${agent}` } }],
        ["/api/compliance/holds", json(compliance, "POST", { customerId: randomUUID(), reason: BAD.loneHigh })],
        ["/api/compliance/purge-runs/%00", { headers: { authorization: `Bearer ${compliance}` } }],
        ["/api/compliance/subjects/export", json(compliance, "POST", { email: BAD.nul })],
        [
          "/api/messages",
          json(null, "POST", {
            type: "message",
            id: "1",
            channelId: "emulator",
            serviceUrl: "http://127.0.0.1:9",
            from: { id: "u1" },
            recipient: { id: "b1" },
            conversation: { id: "c1" },
            text: BAD.nul,
          }),
        ],
      ];
      for (const [path, init] of cases) {
        const res = await fetch(`${server.url}${path}`, init);
        const body = (await res.json()) as { error?: { code: string; message: string } };
        expect({ path, status: res.status, body }).toEqual({
          path,
          status: 400,
          body: { error: { code: "invalid_input", message: expect.stringContaining(TEXT_RULE_MESSAGE) } },
        });
      }
      const holds = await fetch(`${server.url}/api/compliance/holds`, {
        headers: { authorization: `Bearer ${compliance}` },
      });
      expect(((await holds.json()) as { holds: unknown[] }).holds).toEqual([]);
    });
  },
);
