import type { Entry } from "../knowledge/types.js";
import { isCloseCall } from "./close-call.js";
import { createGeneratedAnswers, type GenerationObserver } from "./generated/generated-answers.js";
import type { AnswerReranker, RerankCandidate } from "./reranker.js";
import { withDeadline } from "./time-box.js";
import type { AnswerEngine, AnswerGenerator, AskInput, Decision } from "./types.js";

/** Where the answer service reports reranker failures (a pino logger fits). */
export interface AnswerServiceLogger {
  warn(details: object, message: string): void;
}

export interface AnswerServiceOptions {
  readonly engine: AnswerEngine;
  /** Optional second opinion on close calls (e.g. Azure OpenAI); without it the engine decides alone. */
  readonly reranker?: AnswerReranker | undefined;
  /**
   * Optional language model that writes answers from the top records (SKRANKE_AI_MODE=generate);
   * takes the place of the reranker. Its texts are fact-checked (see generated/generated-answers.ts).
   */
  readonly generator?: AnswerGenerator | undefined;
  /** Where each generation is reported (log line with tokens and latency, metrics). */
  readonly generationObserver?: GenerationObserver | undefined;
  /**
   * How long to wait for the reranker or generator before keeping the lexical decision
   * (default 2500 ms for the reranker, 8000 ms for the generator).
   */
  readonly timeoutMs?: number | undefined;
  /** How many candidates the reranker chooses among (default 5). */
  readonly candidates?: number;
  /** Answers below this confidence also count as close calls (default 0.7). */
  readonly closeCall?: number;
  readonly logger?: AnswerServiceLogger | undefined;
}

/** What a channel may do while the answer is being worked out. */
export interface AnswerHooks {
  /** Called once when the answer waits for a language model (show a typing indicator); errors are ignored. */
  waiting?(): unknown;
}

export interface AnswerService {
  readonly engine: AnswerEngine;
  /**
   * Answers one message. Without a reranker this is `engine.ask(input)`. With one, a low-confidence
   * fallback, an "which of these entries?" clarification or a close-call answer is put to the
   * reranker, and an entry it picks among the candidates is answered with that entry's own
   * knowledge-base text. Rejects only for invalid input ({@link AskInputError}, as `ask` throws);
   * reranker failures, timeouts and invalid picks leave the lexical decision. With a generator,
   * the same close calls (when the customer's organisation is known and retrieval found a relevant
   * entry) are answered with a generated text that passed the fact check, else lexically.
   */
  answer(input: AskInput, hooks?: AnswerHooks): Promise<Decision>;
}

export const RERANK_DEFAULTS = { timeoutMs: 2500, candidates: 5, closeCall: 0.7 } as const;

/** Confidence reported for an answer a reranker picked. */
const RERANKED_CONFIDENCE = 0.75;
/** Question phrasings shown per candidate. */
const PHRASINGS_PER_CANDIDATE = 3;

/**
 * The answering entry point for channels: the synchronous lexical engine, optionally followed by
 * an asynchronous, time-boxed reranker for close calls.
 */
export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { engine, reranker, generator, logger } = options;
  const timeoutMs = options.timeoutMs ?? RERANK_DEFAULTS.timeoutMs;
  const limit = options.candidates ?? RERANK_DEFAULTS.candidates;
  const closeCall = options.closeCall ?? RERANK_DEFAULTS.closeCall;
  const kb = engine.knowledge;

  const generated = generator
    ? createGeneratedAnswers({
        engine,
        generator,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.generationObserver ? { observer: options.generationObserver } : {}),
      })
    : undefined;

  async function answer(input: AskInput, hooks?: AnswerHooks): Promise<Decision> {
    const decision = engine.ask(input);
    if (generated) {
      const plan = generated.plan(input, decision);
      if (!plan) return decision;
      signalWaiting(hooks);
      return generated.answer(plan);
    }
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
      picked = await withDeadline(
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
        "reranker",
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

/** Tells the channel that the answer waits for a model; its failure never holds the answer. */
function signalWaiting(hooks: AnswerHooks | undefined): void {
  if (!hooks?.waiting) return;
  try {
    void Promise.resolve(hooks.waiting()).catch(() => {});
  } catch {
    // a channel that cannot show typing still gets its answer
  }
}
