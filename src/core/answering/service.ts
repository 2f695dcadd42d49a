import type { Entry } from "../knowledge/types.js";
import type { AnswerReranker, RerankCandidate } from "./reranker.js";
import type { AnswerEngine, AskInput, Decision } from "./types.js";

/** Where the answer service reports reranker failures (a pino logger fits). */
export interface AnswerServiceLogger {
  warn(details: object, message: string): void;
}

export interface AnswerServiceOptions {
  readonly engine: AnswerEngine;
  /** Optional second opinion on close calls (e.g. Azure OpenAI); without it the engine decides alone. */
  readonly reranker?: AnswerReranker | undefined;
  /** How long to wait for the reranker before keeping the lexical decision (default 2500 ms). */
  readonly timeoutMs?: number;
  /** How many candidates the reranker chooses among (default 5). */
  readonly candidates?: number;
  /** Answers below this confidence also count as close calls (default 0.7). */
  readonly closeCall?: number;
  readonly logger?: AnswerServiceLogger | undefined;
}

export interface AnswerService {
  readonly engine: AnswerEngine;
  /**
   * Answers one message. Without a reranker this is `engine.ask(input)`. With one, a low-confidence
   * fallback, an "which of these entries?" clarification or a close-call answer is put to the
   * reranker, and an entry it picks among the candidates is answered with that entry's own
   * knowledge-base text. Rejects only for invalid input ({@link AskInputError}, as `ask` throws);
   * reranker failures, timeouts and invalid picks leave the lexical decision.
   */
  answer(input: AskInput): Promise<Decision>;
}

export const RERANK_DEFAULTS = { timeoutMs: 2500, candidates: 5, closeCall: 0.7 } as const;

/** Confidence reported for an answer a reranker picked. */
const RERANKED_CONFIDENCE = 0.75;
/** Question phrasings shown per candidate. */
const PHRASINGS_PER_CANDIDATE = 3;

class RerankTimeout extends Error {
  constructor(ms: number) {
    super(`reranker did not answer within ${ms} ms`);
    this.name = "RerankTimeout";
  }
}

/** Whether a decision is worth a second opinion. */
function isCloseCall(d: Decision, closeCall: number): boolean {
  if (d.action === "fallback") return d.reason === "low-confidence";
  if (d.action === "clarify") return d.reason === "ambiguous-entry";
  if (d.action === "answer") return d.reason === "matched" && d.confidence < closeCall;
  return false;
}

/** Waits for `promise` at most `ms` milliseconds, aborting `controller` when time is up. */
async function withTimeout<T>(promise: Promise<T>, ms: number, controller: AbortController): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new RerankTimeout(ms));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The answering entry point for channels: the synchronous lexical engine, optionally followed by
 * an asynchronous, time-boxed reranker for close calls.
 */
export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { engine, reranker, logger } = options;
  const timeoutMs = options.timeoutMs ?? RERANK_DEFAULTS.timeoutMs;
  const limit = options.candidates ?? RERANK_DEFAULTS.candidates;
  const closeCall = options.closeCall ?? RERANK_DEFAULTS.closeCall;
  const kb = engine.knowledge;

  async function answer(input: AskInput): Promise<Decision> {
    const decision = engine.ask(input);
    if (!reranker || !isCloseCall(decision, closeCall)) return decision;

    // Candidates come from the engine's own scope (the widget's organisation, else the ones the
    // question names, else all); checked again here so no other organisation's entry can slip in.
    const entries = engine
      .explain(input, { limit })
      .candidates.map((c) => kb.entriesById.get(c.entryId))
      .filter((e): e is Entry => e !== undefined && (input.org === undefined || e.organisation === input.org));
    if (entries.length === 0) return decision;
    const candidates: RerankCandidate[] = entries.map((e) => ({
      id: e.id,
      organisation: e.organisation,
      answer: e.answer.nb,
      questions: [...e.questions.nb, ...e.questions.en].slice(0, PHRASINGS_PER_CANDIDATE),
    }));

    const controller = new AbortController();
    let picked: string | null;
    try {
      picked = await withTimeout(
        Promise.resolve().then(() =>
          reranker.choose({
            question: input.text,
            lang: decision.lang,
            candidates,
            signal: controller.signal,
          }),
        ),
        timeoutMs,
        controller,
      );
    } catch (err) {
      logger?.warn(
        { err: err instanceof Error ? { name: err.name, message: err.message } : String(err), org: input.org },
        "answer reranker failed; keeping the lexical decision",
      );
      return decision;
    }
    if (picked === null) return decision;
    const entry = entries.find((e) => e.id === picked);
    if (!entry) {
      logger?.warn(
        { picked: String(picked).slice(0, 200), candidates: entries.map((e) => e.id) },
        "answer reranker picked an entry that was not a candidate; ignored",
      );
      return decision;
    }
    if (decision.action === "answer" && decision.sources[0] === entry.id) return decision;
    return {
      action: "answer",
      text: entry.answer[decision.lang],
      choices: [],
      sources: [entry.id],
      confidence: RERANKED_CONFIDENCE,
      lang: decision.lang,
      org: entry.organisation,
      reason: "reranked",
    };
  }

  return { engine, answer };
}
