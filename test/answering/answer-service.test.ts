import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type AnswerEngine,
  type AnswerReranker,
  createAnswerEngine,
  createAnswerService,
  type Decision,
} from "../../src/core/answering/index.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";
import { createAzureOpenAIReranker, parseRerankReply } from "../../src/integrations/azure-openai/reranker.js";

const kb = loadKnowledgeBase(path.resolve("test/fixtures/knowledge-basic"));
const real = createAnswerEngine(kb);
const DEPLOYMENT = "skranke-test";

/** The real engine, except that `ask` gives a low-confidence fallback: the case the reranker is for. */
const unsure: AnswerEngine = {
  knowledge: kb,
  explain: (input, options) => real.explain(input, options),
  ask: (input) => ({
    action: "fallback",
    text: "Beklager, det har jeg ikke noe svar på.",
    choices: [],
    sources: [],
    confidence: 0.6,
    lang: "nb",
    reason: "low-confidence",
    ...(input.org ? { org: input.org } : {}),
  }),
};

interface Recorded {
  url: string;
  apiKey: string | undefined;
  body: { messages: { role: string; content: string }[]; response_format?: unknown };
}

let reply: (req: IncomingMessage, res: ServerResponse, body: Recorded["body"]) => void;
const requests: Recorded[] = [];
let server: Server;
let endpoint: string;

function completion(content: string) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 0,
    model: "gpt-test",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

const picks = (entryId: string | null) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(completion(JSON.stringify({ entryId }))));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.startsWith(`/openai/deployments/${DEPLOYMENT}/chat/completions`)) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as Recorded["body"];
      requests.push({ url: req.url, apiKey: req.headers["api-key"] as string | undefined, body });
      reply(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  requests.length = 0;
});

// Generous: a reply the tests expect must not miss it on a busy machine (the timeout test passes its own).
function service(engine: AnswerEngine, timeoutMs = 10_000) {
  const warnings: string[] = [];
  const reranker = createAzureOpenAIReranker({
    endpoint,
    apiKey: "test-key",
    deployment: DEPLOYMENT,
    apiVersion: "2024-10-21",
    maxRetries: 0,
  });
  const s = createAnswerService({
    engine,
    reranker,
    timeoutMs,
    logger: { warn: (_details, message) => warnings.push(message) },
  });
  return { s, warnings };
}

describe("answer service without a reranker", () => {
  it("returns the engine's decision unchanged", async () => {
    const s = createAnswerService({ engine: real });
    for (const input of [
      { text: "hvilket nummer kan jeg ringe?", org: "alpha-it" },
      { text: "Når har dere åpent?" },
      { text: "menneske!!" },
      { text: "hva er 2+2", org: "beta-bank" },
    ]) {
      expect(await s.answer(input)).toEqual(real.ask(input));
    }
  });

  it("rejects invalid input like the engine", async () => {
    await expect(createAnswerService({ engine: real }).answer({ text: " " })).rejects.toThrow(/empty/);
  });
});

describe("answer service with the Azure OpenAI reranker (fake server)", () => {
  it("answers with the knowledge-base text of the candidate the model picks", async () => {
    reply = picks("alpha-it.contact.phone");
    const { s } = service(unsure);
    const d = await s.answer({ text: "hvordan får jeg tak i dere på tlf", org: "alpha-it" });
    expect(d).toMatchObject<Partial<Decision>>({
      action: "answer",
      sources: ["alpha-it.contact.phone"],
      org: "alpha-it",
      reason: "reranked",
      lang: "nb",
    });
    expect(d.text).toBe(kb.entriesById.get("alpha-it.contact.phone")?.answer.nb);

    expect(requests).toHaveLength(1);
    const request = requests[0] as Recorded;
    expect(request.url).toMatch(/\?api-version=2024-10-21$/);
    expect(request.apiKey).toBe("test-key");
    expect(request.body.response_format).toEqual({ type: "json_object" });
    const user = JSON.parse(request.body.messages.find((m) => m.role === "user")?.content ?? "{}");
    expect(user.message).toBe("hvordan får jeg tak i dere på tlf");
    const ids = user.candidates.map((c: { id: string }) => c.id);
    expect(ids).toContain("alpha-it.contact.phone");
    // Only the widget's organisation's entries are offered.
    expect(ids.every((id: string) => id.startsWith("alpha-it."))).toBe(true);
  });

  it("ignores an id that is not among the candidates (another organisation's entry)", async () => {
    reply = picks("beta-bank.contact.phone");
    const { s, warnings } = service(unsure);
    const input = { text: "hvordan får jeg tak i dere på tlf", org: "alpha-it" };
    expect(await s.answer(input)).toEqual(unsure.ask(input));
    expect(warnings.join("\n")).toMatch(/not a candidate/);
  });

  it("keeps the lexical decision when the model picks none", async () => {
    reply = picks(null);
    const { s } = service(unsure);
    const input = { text: "hvordan får jeg tak i dere på tlf", org: "alpha-it" };
    expect(await s.answer(input)).toEqual(unsure.ask(input));
  });

  it("keeps the lexical decision when the reply is not the agreed JSON", async () => {
    reply = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(completion("Ring oss på 99 99 99 99!")));
    };
    const { s, warnings } = service(unsure);
    const input = { text: "hvordan får jeg tak i dere på tlf", org: "alpha-it" };
    expect(await s.answer(input)).toEqual(unsure.ask(input));
    expect(warnings).toHaveLength(1);
  });

  it("keeps the lexical decision when the service answers 500", async () => {
    reply = (_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "boom" } }));
    };
    const { s, warnings } = service(unsure);
    const input = { text: "hvordan får jeg tak i dere på tlf", org: "alpha-it" };
    expect(await s.answer(input)).toEqual(unsure.ask(input));
    expect(requests).toHaveLength(1); // maxRetries: 0
    expect(warnings.join("\n")).toMatch(/reranker failed/);
  });

  it("keeps the lexical decision when the model does not answer in time", async () => {
    reply = (_req, res) => {
      setTimeout(() => picks("alpha-it.contact.phone")(_req, res), 10_000).unref();
    };
    const { s, warnings } = service(unsure, 150);
    const input = { text: "hvordan får jeg tak i dere på tlf", org: "alpha-it" };
    const started = Date.now();
    expect(await s.answer(input)).toEqual(unsure.ask(input));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(warnings.join("\n")).toMatch(/reranker failed/);
  });

  it("does not ask the model about confident answers, handoffs or off-topic questions", async () => {
    reply = picks("alpha-it.contact.email");
    const { s } = service(real);
    for (const input of [
      { text: "hva er telefonnummeret?", org: "alpha-it" },
      { text: "menneske!!", org: "alpha-it" },
      { text: "hva er 2+2", org: "alpha-it" },
    ]) {
      expect(await s.answer(input)).toEqual(real.ask(input));
    }
    expect(requests).toHaveLength(0);
  });
});

describe("answer service with any reranker", () => {
  it("never throws into the caller when the reranker throws synchronously", async () => {
    const reranker: AnswerReranker = {
      choose: () => {
        throw new Error("sync failure");
      },
    };
    const s = createAnswerService({ engine: unsure, reranker });
    const input = { text: "tlf?", org: "alpha-it" };
    expect(await s.answer(input)).toEqual(unsure.ask(input));
  });

  it("offers only the widget organisation's candidates", async () => {
    const seen: string[][] = [];
    const reranker: AnswerReranker = {
      choose: async (r) => {
        seen.push(r.candidates.map((c) => c.organisation));
        return null;
      },
    };
    await createAnswerService({ engine: unsure, reranker }).answer({ text: "telefon kundeservice", org: "beta-bank" });
    expect(seen).toHaveLength(1);
    expect(new Set(seen[0])).toEqual(new Set(["beta-bank"]));
  });
});

describe("parseRerankReply", () => {
  it("accepts only {entryId: string|null}", () => {
    expect(parseRerankReply('{"entryId":"a.b.c"}')).toBe("a.b.c");
    expect(parseRerankReply('{"entryId":null}')).toBeNull();
    for (const bad of ["", "nope", '{"id":"a"}', '{"entryId":3}', "[]"]) expect(() => parseRerankReply(bad)).toThrow();
  });
});
