import { afterEach, describe, expect, it } from "vitest";
import { OPEN_KNOWLEDGE_DIR, OPEN_ORG } from "../channels/support/cluster.js";
import { AgentClient, createStaff, freshDatabase, type Server, startServer } from "../handoff/support/harness.js";
import { WidgetCustomer } from "../handoff/support/widget-customer.js";

const TOKEN = "metrics-token-for-tests-0123456789";

/** The value of one sample in the Prometheus text format, or undefined when it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? "").split(",").filter(Boolean);
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(m[3]);
  }
  return undefined;
}

describe("GET /metrics", { timeout: 60_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function server(env: Record<string, string>): Promise<Server> {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    const s = await startServer(db.config, { env: { SKRANKE_KNOWLEDGE_DIR: OPEN_KNOWLEDGE_DIR, ...env } });
    cleanups.push(() => s.close());
    return s;
  }

  const scrape = async (url: string, token = TOKEN) => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it("answers 503 not_configured while SKRANKE_METRICS_TOKEN is unset", async () => {
    const s = await server({});
    const res = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe("not_configured");
  });

  it("refuses a missing or wrong token with 401 and the error table's code", async () => {
    const s = await server({ SKRANKE_METRICS_TOKEN: TOKEN });
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`]) {
      const res = await fetch(`${s.url}/metrics`, authorization ? { headers: { authorization } } : {});
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthenticated");
    }
  });

  it("counts connections, a real turn and its decision, the queue and the handoff", async () => {
    const s = await server({ SKRANKE_METRICS_TOKEN: TOKEN });
    const before = await scrape(s.url);
    expect(sample(before, "skranke_connected_customers")).toBe(0);
    expect(sample(before, "skranke_bot_turns_total", { channel: "widget" }) ?? 0).toBe(0);
    const decisionsBefore = ["answer", "clarify", "fallback", "handoff"].map(
      (action) => sample(before, "skranke_answer_decisions_total", { action }) ?? 0,
    );
    expect(sample(before, "skranke_queue_waiting", { organisation: OPEN_ORG })).toBe(0);
    expect(sample(before, "process_resident_memory_bytes")).toBeGreaterThan(0);

    const anne = await WidgetCustomer.connect(s.url, { org: OPEN_ORG, lang: "nb" });
    cleanups.push(() => {
      anne.close();
    });
    expect(await anne.say("Hva er åpningstidene?")).toMatchObject({ ok: true });
    await anne.waitFor<{ role: string }>("message", (m) => m.role === "bot");
    await s.app.idle();

    const after = await scrape(s.url);
    expect(sample(after, "skranke_connected_customers")).toBe(1);
    expect(sample(after, "skranke_bot_turns_total", { channel: "widget" })).toBeGreaterThanOrEqual(1);
    expect(sample(after, "skranke_bot_turn_duration_seconds_count", { channel: "widget" })).toBeGreaterThanOrEqual(1);
    const decisionsAfter = ["answer", "clarify", "fallback", "handoff"].map(
      (action) => sample(after, "skranke_answer_decisions_total", { action }) ?? 0,
    );
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(decisionsAfter)).toBe(sum(decisionsBefore) + 1);

    const kari = await createStaff(s, { email: "kari@beta.test", role: "agent", org: OPEN_ORG });
    const agent = await AgentClient.connect(s.url, kari.token);
    cleanups.push(() => agent.close());
    expect(await anne.request("handoff:request", {})).toMatchObject({ status: "queued" });
    await s.app.idle();
    const queued = await scrape(s.url);
    expect(sample(queued, "skranke_queue_waiting", { organisation: OPEN_ORG })).toBe(1);
    expect(sample(queued, "skranke_queue_oldest_wait_seconds", { organisation: OPEN_ORG })).toBeGreaterThanOrEqual(0);
    expect(sample(queued, "skranke_handoff_queued_total")).toBe(1);
    expect(sample(queued, "skranke_purge_running")).toBe(0);
    expect(sample(queued, "skranke_database_errors_total", { kind: "other" })).toBe(0);
  });
});
