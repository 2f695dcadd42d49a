import path from "node:path";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createAnswerEngine,
  createAnswerService,
  type Decision,
  type GenerationReport,
} from "../../src/core/answering/index.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";
import type { CircuitSettings, CircuitState } from "../../src/integrations/azure-openai/circuit-breaker.js";
import { AZURE_OPENAI_SCOPE } from "../../src/integrations/azure-openai/client.js";
import { createAzureOpenAIGenerator } from "../../src/integrations/azure-openai/generator.js";
import type { RetryPolicy } from "../../src/integrations/azure-openai/retry-policy.js";
import { WAIT_MS } from "../support/wait.js";
import {
  answers,
  FakeAzureOpenAI,
  fails,
  generationPayload,
  groundedFromFirstEntry,
} from "./support/fake-azure-openai.js";

/**
 * Generated answers end to end below the channels: the answer service with the real Azure OpenAI
 * generator against a fake Azure OpenAI server on 127.0.0.1. The question is a close call of the
 * fixture knowledge base (the engine's best guess has confidence 0.65), so it goes to the model.
 */
const kb = loadKnowledgeBase(path.resolve("test/fixtures/knowledge-basic"));
const engine = createAnswerEngine(kb);
const ORG = "beta-bank";
const QUESTION = "hvor lenge lagrer dere ting og kan jeg ringe?";
const API_KEY = "fake-api-key-123";
const GROUNDED = "Chatlogger lagres i 1 år. Du kan ringe Beta Bank på 22 33 44 55.";
const GROUNDED_CITES = ["beta-bank.privacy.retention", "beta-bank.contact.phone"];

const fake = new FakeAzureOpenAI();
const generators: Array<{ circuit: { shutdown(): void } }> = [];

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  for (const g of generators) g.circuit.shutdown();
  await fake.close();
});
afterEach(() => fake.reset());

const FAST_RETRIES: RetryPolicy = { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 3_000 };

function setup(
  options: { timeoutMs?: number; credential?: TokenCredential; circuit?: CircuitSettings; retry?: RetryPolicy } = {},
) {
  const reports: GenerationReport[] = [];
  const circuitStates: CircuitState[] = [];
  const generator = createAzureOpenAIGenerator(
    {
      endpoint: fake.endpoint,
      deployment: fake.deployment,
      apiVersion: "2024-10-21",
      ...(options.credential ? { credential: options.credential } : { apiKey: API_KEY }),
    },
    {
      retry: options.retry ?? FAST_RETRIES,
      ...(options.circuit ? { circuit: options.circuit } : {}),
      onCircuit: (s) => circuitStates.push(s),
    },
  );
  generators.push(generator);
  let waited = 0;
  const service = createAnswerService({
    engine,
    generator,
    // Generous: a reply the test expects must not miss it on a busy machine (the timeout test passes its own).
    timeoutMs: options.timeoutMs ?? WAIT_MS,
    generationObserver: { generation: (r) => reports.push(r) },
  });
  const ask = (text = QUESTION) => service.answer({ text, org: ORG }, { waiting: () => waited++ });
  return { ask, reports, circuitStates, generator, waits: () => waited };
}

const lexical = engine.ask({ text: QUESTION, org: ORG });

function expectLexical(d: Decision) {
  expect(d).toEqual(lexical);
  expect(d.reason).not.toBe("generated");
}

describe("the decision rule", () => {
  it("sends the close call to the model and keeps confident answers and unknown organisations lexical", async () => {
    expect(lexical).toMatchObject({ action: "answer", reason: "matched" });
    expect(lexical.confidence).toBeLessThan(0.7);
    const { ask, waits } = setup();
    fake.always(groundedFromFirstEntry);
    // Confident: never sent.
    const confident = await ask("telefon");
    expect(confident.reason).toBe("matched");
    expect(fake.requests).toHaveLength(0);
    expect(waits()).toBe(0);
    await ask();
    expect(fake.requests).toHaveLength(1);
    expect(waits()).toBe(1);
  });
});

describe("generated answers against a fake Azure OpenAI", { timeout: 60_000 }, () => {
  it("answers with a grounded text and its citations, sent with the api-key header as Azure expects", async () => {
    const { ask, reports } = setup();
    fake.reply(answers(GROUNDED, GROUNDED_CITES));
    const d = await ask();
    expect(d).toMatchObject({
      action: "answer",
      reason: "generated",
      text: GROUNDED,
      org: ORG,
      sources: GROUNDED_CITES,
      generated: {
        sources: [
          { id: "beta-bank.privacy.retention", kind: "entry", title: "Hvor lenge lagrer dere chatloggen?" },
          { id: "beta-bank.contact.phone", kind: "entry", title: "Hva er telefonnummeret til banken?" },
        ],
      },
    });
    const [request] = fake.requests;
    expect(request?.url).toBe(`/openai/deployments/${fake.deployment}/chat/completions?api-version=2024-10-21`);
    expect(request?.headers["api-key"]).toBe(API_KEY);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body.response_format).toEqual({ type: "json_object" });
    const payload = generationPayload(request as NonNullable<typeof request>);
    expect(payload.question).toBe(QUESTION);
    // Only the customer's organisation's records: entries and its structured contact point.
    expect(payload.records.map((r) => r.id)).toContain("beta-bank.kundesenter");
    expect(payload.records.find((r) => r.id === "beta-bank.kundesenter")).toMatchObject({
      type: "contact",
      phones: [{ number: "22 33 44 55" }],
    });
    expect(payload.records.every((r) => r.id.startsWith("beta-bank."))).toBe(true);
    expect(reports).toEqual([
      expect.objectContaining({
        outcome: "generated",
        organisation: ORG,
        usage: { promptTokens: 321, completionTokens: 45, totalTokens: 366 },
        latencyMs: expect.any(Number),
      }),
    ]);
  });

  it("rejects a hallucinated phone number and keeps the lexical decision", async () => {
    const { ask, reports } = setup();
    fake.reply(answers("Ring Beta Bank på 99 88 77 66, så hjelper vi deg.", ["beta-bank.contact.phone"]));
    expectLexical(await ask());
    expect(reports).toEqual([
      expect.objectContaining({ outcome: "rejected", problems: ["unsupported fact: 99 88 77 66"] }),
    ]);
  });

  it("rejects a citation of an entry it was not given, also one of another organisation", async () => {
    const { ask, reports } = setup();
    fake.reply(
      answers("Ring Beta Bank på 22 33 44 55.", ["beta-bank.contact.phone", "beta-bank.made-up"]),
      answers("Ring 71 11 11 66.", ["alpha-it.contact.phone"]),
    );
    expectLexical(await ask());
    expectLexical(await ask());
    expect(reports.map((r) => r.outcome)).toEqual(["rejected", "rejected"]);
    expect(reports[0]?.problems).toEqual(["citation of a record that was not given: beta-bank.made-up"]);
    expect(reports[1]?.problems).toContain("citation of a record that was not given: alpha-it.contact.phone");
  });

  it("keeps the lexical decision when the model says the answer is not in the sources", async () => {
    const { ask, reports } = setup();
    fake.reply(answers(null, []));
    expectLexical(await ask());
    expect(reports).toEqual([expect.objectContaining({ outcome: "not-in-sources" })]);
  });

  it("gives up at the per-answer deadline and aborts the request", async () => {
    const { ask, reports } = setup({ timeoutMs: 400 });
    fake.reply("hang");
    const started = Date.now();
    expectLexical(await ask());
    expect(Date.now() - started).toBeLessThan(WAIT_MS);
    expect(reports).toEqual([expect.objectContaining({ outcome: "timeout" })]);
    expect(fake.requests).toHaveLength(1);
  });

  it("waits as long as a 429's Retry-After asks, then answers", async () => {
    const { ask, reports } = setup();
    fake.reply(fails(429, { "retry-after": "1" }), answers(GROUNDED, GROUNDED_CITES));
    const d = await ask();
    expect(d.reason).toBe("generated");
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(reports.map((r) => r.outcome)).toEqual(["generated"]);
  });

  it("does not retry when Retry-After asks for longer than the deadline allows", async () => {
    const { ask, reports } = setup({ timeoutMs: 2_000 });
    fake.reply(fails(429, { "retry-after": "30" }), answers(GROUNDED, GROUNDED_CITES));
    expectLexical(await ask());
    expect(fake.requests).toHaveLength(1);
    expect(reports).toEqual([expect.objectContaining({ outcome: "failed" })]);
  });

  it("retries a 500 a bounded number of times, and never a 400", async () => {
    const { ask, reports } = setup();
    fake.reply(fails(500), answers(GROUNDED, GROUNDED_CITES));
    expect((await ask()).reason).toBe("generated");
    expect(fake.requests).toHaveLength(2);

    fake.reset();
    fake.always(fails(503));
    expectLexical(await ask());
    expect(fake.requests).toHaveLength(1 + FAST_RETRIES.maxRetries);

    fake.reset();
    fake.always(fails(400));
    expectLexical(await ask());
    expect(fake.requests).toHaveLength(1);
    expect(reports.map((r) => r.outcome)).toEqual(["generated", "failed", "failed"]);
  });

  it("opens the circuit after repeated failures, fails fast while open, and closes after a probe", async () => {
    const { ask, reports, circuitStates, generator } = setup({
      retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 100 },
      circuit: { failures: 3, windowMs: 60_000, resetMs: 500 },
    });
    fake.always(fails(500));
    for (let i = 0; i < 3; i++) expectLexical(await ask());
    expect(fake.requests).toHaveLength(3);
    expect(generator.circuit.state()).toBe("open");
    // Open: the model is not called at all.
    expectLexical(await ask());
    expect(fake.requests).toHaveLength(3);
    expect(reports.at(-1)).toMatchObject({ outcome: "failed", error: { name: "CircuitOpenError" } });
    // After the reset time one probe goes through; its success closes the circuit.
    await expect.poll(() => generator.circuit.state(), { timeout: WAIT_MS }).toBe("half-open");
    fake.always(answers(GROUNDED, GROUNDED_CITES));
    expect((await ask()).reason).toBe("generated");
    expect(fake.requests).toHaveLength(4);
    expect(generator.circuit.state()).toBe("closed");
    expect(circuitStates).toEqual(["open", "half-open", "closed"]);
  });

  it("sends an Entra ID token as Authorization: Bearer (and no api-key) when there is no key", async () => {
    const scopes: Array<string | string[]> = [];
    const credential: TokenCredential = {
      async getToken(scope): Promise<AccessToken> {
        scopes.push(scope);
        return { token: "fake-entra-token", expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const { ask } = setup({ credential });
    fake.reply(answers(GROUNDED, GROUNDED_CITES));
    expect((await ask()).reason).toBe("generated");
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer fake-entra-token");
    expect(fake.requests[0]?.headers["api-key"]).toBeUndefined();
    expect(scopes.flat()).toEqual([AZURE_OPENAI_SCOPE]);
  });

  it("masks fødselsnummer, account and card numbers before the question leaves", async () => {
    const { ask } = setup();
    fake.reply(answers(GROUNDED, GROUNDED_CITES));
    // A close call still (the numbers are unknown words): fødselsnummer, account and card number.
    const question = "hvor lenge lagrer dere ting om 15058912317 og 12345678903 og 4545454545454541, og kan jeg ringe?";
    await ask(question);
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0] as NonNullable<(typeof fake.requests)[0]>;
    expect(generationPayload(request).question).toBe(
      "hvor lenge lagrer dere ting om [fødselsnummer] og [kontonummer] og [kortnummer], og kan jeg ringe?",
    );
    for (const secret of ["15058912317", "12345678903", "4545454545454541"]) {
      expect(request.raw).not.toContain(secret);
    }
  });
});
