import type { AzureOpenAI } from "openai";
import { z } from "zod";
import type { AnswerGenerator, GeneratedText, GenerateRequest } from "../../core/answering/types.js";
import { type CircuitSettings, type CircuitState, createModelCircuit, type ModelCircuit } from "./circuit-breaker.js";
import { type AzureOpenAIConnection, createAzureOpenAIClient } from "./client.js";
import { type RetryPolicy, withRetries } from "./retry-policy.js";

/** Where the generator reports retries (a pino logger fits). */
export interface GeneratorLogger {
  warn(details: object, message: string): void;
}

export interface AzureOpenAIGeneratorOptions {
  readonly retry?: RetryPolicy;
  readonly circuit?: CircuitSettings;
  readonly onCircuit?: (state: CircuitState) => void;
  readonly logger?: GeneratorLogger;
  /** Longest answer asked for, in tokens (default 400). */
  readonly maxTokens?: number;
}

const SYSTEM_PROMPT = [
  "You answer customer-service chat questions for one organisation, only from the records you are given.",
  "Each record has an id and is a knowledge-base entry (question and answer) or a contact point (name, phones, e-mails, web, addresses, hours).",
  'Reply with a JSON object {"answer": "<text>", "citations": ["<record id>", ...]}.',
  "Write the answer in the language given, short and friendly, as plain text without markdown.",
  "Every phone number, e-mail address, URL, postal address, time, date and number in the answer must be copied from the records you cite.",
  "Cite the id of every record the answer uses, and only ids of the records given.",
  'If the records do not answer the question, reply {"answer": null, "citations": []}. Never guess and never use other knowledge.',
].join(" ");

const LANGUAGE_NAMES = { nb: "Norwegian bokmål", en: "English" } as const;

const replySchema = z.object({
  answer: z.string().max(4000).nullable(),
  citations: z.array(z.string().min(1).max(200)).max(20).default([]),
});

/** Thrown for a reply that is not the agreed JSON object (the answer service keeps the lexical decision). */
export class GenerationReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GenerationReplyError";
  }
}

/** The chat messages for a generation request (exported for tests and documentation). */
export function generationMessages(
  request: Omit<GenerateRequest, "signal" | "deadline">,
): { role: "system" | "user"; content: string }[] {
  const payload = {
    question: request.question,
    language: LANGUAGE_NAMES[request.lang],
    records: request.records.map((r) => r.content),
  };
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: JSON.stringify(payload) },
  ];
}

/** Parses the model's reply; throws {@link GenerationReplyError} for anything but the agreed object. */
export function parseGenerationReply(content: string | null | undefined): { text: string | null; citations: string[] } {
  if (!content) throw new GenerationReplyError("empty reply");
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    throw new GenerationReplyError("reply is not JSON");
  }
  const parsed = replySchema.safeParse(value);
  if (!parsed.success) throw new GenerationReplyError('reply is not {"answer": string | null, "citations": string[]}');
  return { text: parsed.data.answer, citations: parsed.data.citations };
}

export interface AzureOpenAIGenerator extends AnswerGenerator {
  readonly circuit: ModelCircuit;
}

/**
 * {@link AnswerGenerator} backed by an Azure OpenAI chat deployment: one chat completion per
 * question (JSON mode, temperature 0), bounded retries on 429/5xx honouring Retry-After, inside a
 * circuit breaker. The answer service checks every fact of the text it returns.
 */
export function createAzureOpenAIGenerator(
  connection: AzureOpenAIConnection | { readonly client: AzureOpenAI; readonly deployment: string },
  options: AzureOpenAIGeneratorOptions = {},
): AzureOpenAIGenerator {
  const client = "client" in connection ? connection.client : createAzureOpenAIClient(connection);
  const deployment = connection.deployment;
  const circuit = createModelCircuit(options.circuit, options.onCircuit);
  const maxTokens = options.maxTokens ?? 400;
  return {
    circuit,
    async generate(request: GenerateRequest): Promise<GeneratedText> {
      const completion = await circuit.run(() =>
        withRetries(
          () =>
            client.chat.completions.create(
              {
                model: deployment,
                messages: generationMessages(request),
                temperature: 0,
                max_tokens: maxTokens,
                response_format: { type: "json_object" },
              },
              { signal: request.signal },
            ),
          {
            signal: request.signal,
            deadline: request.deadline,
            ...(options.retry ? { policy: options.retry } : {}),
            onRetry: (info) => options.logger?.warn({ ...info, deployment }, "language model call retried"),
          },
        ),
      );
      const reply = parseGenerationReply(completion.choices[0]?.message?.content);
      const usage = completion.usage
        ? {
            usage: {
              promptTokens: completion.usage.prompt_tokens,
              completionTokens: completion.usage.completion_tokens,
              totalTokens: completion.usage.total_tokens,
            },
          }
        : {};
      return { ...reply, ...usage };
    },
  };
}
