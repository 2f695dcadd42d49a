import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { AppHarness } from "../channels/support/app-harness.js";
import { WidgetClient } from "../channels/support/widget-client.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { answers, FakeAzureOpenAI, generationPayload, groundedFromFirstEntry } from "./support/fake-azure-openai.js";

/**
 * SKRANKE_AI_MODE=generate through the real widget path: a /widget customer asks a question the
 * lexical engine is not sure of, the bot shows it is typing while the fake Azure OpenAI answers,
 * and the customer gets the generated text with its sources in `metadata.generated`, stored as sent.
 */
const TOKEN = "metrics-token-for-tests-0123456789";
/** DNB's engine answers this with confidence below 0.7 and relevant entries: a close call. */
const QUESTION = "hvem er kundeansvarlig og hva gjør hun?";

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("generated answers in the widget", { timeout: 90_000 }, () => {
  const fake = new FakeAzureOpenAI();
  let server: AppHarness;
  const clients: WidgetClient[] = [];

  beforeAll(async () => {
    await fake.start();
    server = new AppHarness(new FixedClock(new Date("2026-11-23T09:00:00Z")), {
      AZURE_OPENAI_ENDPOINT: fake.endpoint,
      AZURE_OPENAI_API_KEY: "widget-test-key",
      AZURE_OPENAI_DEPLOYMENT: fake.deployment,
      SKRANKE_AI_MODE: "generate",
      SKRANKE_AI_TIMEOUT_MS: "20000",
      SKRANKE_METRICS_TOKEN: TOKEN,
    });
    await server.start();
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.destroy();
    await fake.close();
  });

  async function customer(): Promise<WidgetClient> {
    const c = await WidgetClient.connect(server.url, { org: "dnb", lang: "nb" });
    clients.push(c);
    return c;
  }

  it("shows the generated answer with its sources, after the bot's typing indicator", async () => {
    fake.reset();
    fake.always(groundedFromFirstEntry);
    const kari = await customer();
    await kari.request("message", { clientId: "g1", text: QUESTION });
    const [answer] = await kari.waitFor(1, "bot");

    expect(fake.requests).toHaveLength(1);
    const given = generationPayload(fake.requests[0] as NonNullable<(typeof fake.requests)[0]>);
    expect(given.question).toBe(QUESTION);
    expect(given.records.every((r) => r.id.startsWith("dnb."))).toBe(true);
    const first = given.records.find((r) => r.type === "entry");
    expect(answer).toMatchObject({
      role: "bot",
      text: first?.answer,
      metadata: {
        action: "answer",
        reason: "generated",
        sources: [first?.id],
        generated: { sources: [{ id: first?.id, title: expect.any(String) }] },
      },
    });
    // The typing indicator came before the answer.
    const typing = kari.events.findIndex((e) => e.event === "typing" && (e.payload as { from: string }).from === "bot");
    const answered = kari.events.findIndex(
      (e) => e.event === "message" && (e.payload as { id: number }).id === answer?.id,
    );
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(answered);
    // Stored as sent: the agent console and a reload see the same sources.
    const stored = await server.app.context.repos.messages.list(await kari.conversationId());
    expect(stored.find((m) => m.id === answer?.id)?.metadata).toMatchObject({
      generated: { sources: [{ id: first?.id }] },
    });

    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/skranke_ai_generations_total\{outcome="generated"\} 1\b/);
    expect(metrics).toMatch(/skranke_ai_tokens_total\{kind="prompt"\} 321\b/);
    expect(metrics).toMatch(/skranke_ai_circuit_state\{state="closed"\} 1\b/);
  });

  it("answers lexically when the model invents a fact", async () => {
    fake.reset();
    fake.always((request) => {
      const entry = generationPayload(request).records.find((r) => r.type === "entry");
      return answers("Ring kundeansvarlig på 90 00 00 01.", entry ? [entry.id] : []);
    });
    const ola = await customer();
    await ola.request("message", { clientId: "g2", text: QUESTION });
    const [answer] = await ola.waitFor(1, "bot");
    expect(fake.requests).toHaveLength(1);
    expect(answer?.text).not.toContain("90 00 00 01");
    expect(answer?.metadata).not.toHaveProperty("generated");
    expect(answer?.metadata?.reason).not.toBe("generated");
  });
});
