import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for an Azure OpenAI resource on 127.0.0.1, speaking its HTTP protocol:
 * `POST /openai/deployments/<deployment>/chat/completions?api-version=...` with a JSON body,
 * answered with a chat completion (or an error status, headers such as Retry-After, or no answer
 * at all). Every request is recorded with its headers and parsed body.
 */
export interface RecordedRequest {
  readonly url: string;
  /** When it arrived (Date.now()). */
  readonly at: number;
  /** The body as sent. */
  readonly raw: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: {
    model?: string;
    messages: { role: string; content: string }[];
    response_format?: unknown;
    temperature?: number;
  };
}

export type FakeReply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body: unknown }
  /** Never answers (until the client gives up or the server closes). */
  | "hang";

export type FakeHandler = (request: RecordedRequest) => FakeReply;

/** What a generation request gave the model: its question and records (the user message's JSON). */
export interface GenerationPayload {
  question: string;
  language: string;
  records: Array<{ id: string; type: "entry" | "contact"; answer?: string; [key: string]: unknown }>;
}

export function generationPayload(request: RecordedRequest): GenerationPayload {
  const user = request.body.messages.find((m) => m.role === "user");
  return JSON.parse(user?.content ?? "{}") as GenerationPayload;
}

export function completion(content: string, usage = { prompt_tokens: 321, completion_tokens: 45 }) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 0,
    model: "gpt-4o-mini",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** A 200 with the model's JSON answer. */
export function answers(answer: string | null, citations: string[]): FakeReply {
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: completion(JSON.stringify({ answer, citations })),
  };
}

/** An Azure-style error body with `status`. */
export function fails(status: number, headers: Record<string, string> = {}): FakeReply {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: { error: { code: String(status), message: `fake error ${status}` } },
  };
}

/** Answers with the first entry it was given, word for word, citing it: a grounded answer. */
export const groundedFromFirstEntry: FakeHandler = (request) => {
  const entry = generationPayload(request).records.find((r) => r.type === "entry");
  return answers(entry?.answer ?? null, entry ? [entry.id] : []);
};

export class FakeAzureOpenAI {
  readonly requests: RecordedRequest[] = [];
  private handlers: FakeHandler[] = [];
  private fallback: FakeHandler = () => fails(500);
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  endpoint = "";

  constructor(readonly deployment = "skranke-test") {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        raw += chunk;
      });
      req.on("end", () => {
        if (req.method !== "POST" || !req.url?.startsWith(`/openai/deployments/${this.deployment}/chat/completions?`)) {
          res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"404"}}');
          return;
        }
        const recorded: RecordedRequest = {
          url: req.url,
          at: Date.now(),
          raw,
          headers: req.headers,
          body: JSON.parse(raw),
        };
        this.requests.push(recorded);
        const handler = this.handlers.shift() ?? this.fallback;
        const reply = handler(recorded);
        if (reply === "hang") {
          this.hanging.add(res);
          res.on("close", () => this.hanging.delete(res));
          return;
        }
        res.writeHead(reply.status, reply.headers ?? { "content-type": "application/json" });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next requests get these replies, in order; after them, `always` (default: 500). */
  reply(...handlers: Array<FakeHandler | FakeReply>): this {
    this.handlers.push(...handlers.map((h) => (typeof h === "function" ? h : () => h)));
    return this;
  }

  always(handler: FakeHandler | FakeReply): this {
    this.fallback = typeof handler === "function" ? handler : () => handler;
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.handlers = [];
    this.fallback = () => fails(500);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
