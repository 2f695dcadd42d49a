import { z } from "zod";
import type { AnswerReranker, RerankRequest } from "../../core/answering/reranker.js";
import { type AzureOpenAIConnection, createAzureOpenAIClient } from "./client.js";

/** Connection settings: AppConfig.azureOpenAI (AZURE_OPENAI_ENDPOINT, _API_KEY or _AUTH=entra, _DEPLOYMENT, _API_VERSION). */
export interface AzureOpenAIRerankerConfig extends AzureOpenAIConnection {
  /** Retries of the HTTP client (default 0: the answer service's time box is short). */
  readonly maxRetries?: number;
  /** Per-request timeout of the HTTP client in ms (default 10 000; the answer service usually stops waiting first). */
  readonly timeoutMs?: number;
}

const SYSTEM_PROMPT = [
  "You route customer-service chat messages to entries of a knowledge base.",
  "You get the customer's message and a list of candidate entries, each with an id, its answer and example questions.",
  'Reply with a JSON object {"entryId": "<id>"} naming the one candidate whose answer answers the message,',
  'or {"entryId": null} when none of them does (for example when the message is about something else).',
  "Only use ids from the list. Never write an answer yourself and never add other keys.",
].join(" ");

const replySchema = z.object({ entryId: z.string().min(1).nullable() });

/** Thrown for a reply that is not the agreed JSON object (the answer service logs it and keeps the lexical decision). */
export class RerankReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RerankReplyError";
  }
}

/** Builds the chat messages for a rerank request (exported for tests and documentation). */
export function rerankMessages(request: Omit<RerankRequest, "signal">): { role: "system" | "user"; content: string }[] {
  const payload = {
    message: request.question,
    candidates: request.candidates.map((c) => ({ id: c.id, answer: c.answer, exampleQuestions: c.questions })),
  };
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: JSON.stringify(payload) },
  ];
}

/** Parses the model's reply into an entry id or null; throws {@link RerankReplyError} for anything else. */
export function parseRerankReply(content: string | null | undefined): string | null {
  if (!content) throw new RerankReplyError("empty reply");
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    throw new RerankReplyError("reply is not JSON");
  }
  const parsed = replySchema.safeParse(value);
  if (!parsed.success) throw new RerankReplyError('reply is not {"entryId": string | null}');
  return parsed.data.entryId;
}

/**
 * {@link AnswerReranker} backed by an Azure OpenAI chat deployment: one chat completion per
 * question, JSON mode, temperature 0. The model only names a candidate id; the caller checks
 * that the id is one of the candidates and answers with that entry's own text.
 */
export function createAzureOpenAIReranker(config: AzureOpenAIRerankerConfig): AnswerReranker {
  const client = createAzureOpenAIClient(config, {
    maxRetries: config.maxRetries ?? 0,
    timeoutMs: config.timeoutMs ?? 10_000,
  });
  return {
    async choose(request: RerankRequest): Promise<string | null> {
      const completion = await client.chat.completions.create(
        {
          model: config.deployment,
          messages: rerankMessages(request),
          temperature: 0,
          max_tokens: 60,
          response_format: { type: "json_object" },
        },
        { signal: request.signal },
      );
      return parseRerankReply(completion.choices[0]?.message?.content);
    },
  };
}
