import { maskPersonalData } from "../../retention/masking/mask-personal-data.js";
import { isCloseCall } from "../close-call.js";
import { DeadlineExceeded, withDeadline } from "../time-box.js";
import type {
  AnswerEngine,
  AnswerGenerator,
  AskInput,
  Decision,
  GeneratedSource,
  GenerationRecord,
  GenerationUsage,
} from "../types.js";
import { GENERATE_RULE, type GenerateRule, shouldGenerate } from "./decision-rule.js";
import { checkGeneratedFacts } from "./fact-check.js";
import { generationRecords } from "./generation-records.js";

/** How one question that went to the model ended. */
export type GenerationOutcome =
  /** The generated text passed every check and was answered. */
  | "generated"
  /** The text had an unsupported fact, a citation of a record not given, or another organisation's record. */
  | "rejected"
  /** The model said the records do not answer the question. */
  | "not-in-sources"
  /** No reply within the per-answer deadline. */
  | "timeout"
  /** The model failed (HTTP error after retries, open circuit, malformed reply ...). */
  | "failed";

export interface GenerationReport {
  readonly outcome: GenerationOutcome;
  readonly organisation: string;
  readonly latencyMs: number;
  readonly usage?: GenerationUsage;
  readonly citations?: readonly string[];
  readonly problems?: readonly string[];
  readonly error?: { readonly name: string; readonly message: string };
}

/** Where each generation is reported (logs and metrics; the composition root plugs them in). */
export interface GenerationObserver {
  generation(report: GenerationReport): void;
}

export interface GeneratedAnswersOptions {
  readonly engine: AnswerEngine;
  readonly generator: AnswerGenerator;
  /** The per-answer deadline in ms (default {@link GENERATE_DEFAULTS.timeoutMs}). */
  readonly timeoutMs?: number;
  /** How many top entries the model gets (default 4). */
  readonly entries?: number;
  readonly rule?: GenerateRule;
  readonly observer?: GenerationObserver;
  /** Milliseconds now (latency); default `performance.now`. */
  readonly now?: () => number;
}

export const GENERATE_DEFAULTS = { timeoutMs: 8000, entries: 4 } as const;

/** Confidence reported for a generated answer that passed the fact check. */
export const GENERATED_CONFIDENCE = 0.6;

/** A question that goes to the model, with the records it gets. */
export interface GenerationPlan {
  readonly input: AskInput;
  readonly decision: Decision;
  readonly organisation: string;
  readonly records: readonly GenerationRecord[];
}

/** What the answer service needs of the generation step. */
export interface GeneratedAnswers {
  /** The plan when `decision` for `input` goes to the model ({@link shouldGenerate}); no I/O. */
  plan(input: AskInput, decision: Decision): GenerationPlan | undefined;
  /**
   * The generated answer when it passes every check, else the plan's lexical decision. Never
   * rejects: failures, timeouts and rejected texts are reported to the observer.
   */
  answer(plan: GenerationPlan): Promise<Decision>;
}

function errorInfo(err: unknown): { name: string; message: string } {
  return err instanceof Error
    ? { name: err.name, message: err.message.slice(0, 300) }
    : { name: "Error", message: String(err) };
}

/**
 * The generation step of the answer service: decides with {@link shouldGenerate}, sends the
 * masked question with the organisation's top entries and contact points, and keeps the text only
 * when {@link checkGeneratedFacts} accepts it against the cited records of the customer's
 * organisation.
 */
export function createGeneratedAnswers(options: GeneratedAnswersOptions): GeneratedAnswers {
  const { engine, generator, observer } = options;
  const timeoutMs = options.timeoutMs ?? GENERATE_DEFAULTS.timeoutMs;
  const limit = options.entries ?? GENERATE_DEFAULTS.entries;
  const rule = options.rule ?? GENERATE_RULE;
  const now = options.now ?? (() => performance.now());
  const kb = engine.knowledge;

  function plan(input: AskInput, decision: Decision): GenerationPlan | undefined {
    const organisation = input.org;
    // Cheap checks first: most decisions are confident, and those never search again.
    if (organisation === undefined || !isCloseCall(decision, rule.closeCall)) return undefined;
    const found = engine.explain(input, { limit }).candidates;
    if (!shouldGenerate(decision, found, organisation, rule)) return undefined;
    const records = generationRecords(
      kb,
      found.map((c) => c.entryId),
      organisation,
      decision.lang,
    );
    if (!records.some((r) => r.kind === "entry")) return undefined;
    return { input, decision, organisation, records };
  }

  async function answer({ input, decision, organisation, records }: GenerationPlan): Promise<Decision> {
    const started = now();
    const report = (r: Omit<GenerationReport, "organisation" | "latencyMs">) =>
      observer?.generation({ organisation, latencyMs: Math.round(now() - started), ...r });
    const controller = new AbortController();
    let generated: Awaited<ReturnType<AnswerGenerator["generate"]>>;
    try {
      generated = await withDeadline(
        Promise.resolve().then(() =>
          generator.generate({
            question: maskPersonalData(input.text),
            lang: decision.lang,
            organisation,
            records,
            signal: controller.signal,
            deadline: Date.now() + timeoutMs,
          }),
        ),
        timeoutMs,
        controller,
        "the language model",
      );
    } catch (err) {
      report({ outcome: err instanceof DeadlineExceeded ? "timeout" : "failed", error: errorInfo(err) });
      return decision;
    }
    const usage = generated.usage ? { usage: generated.usage } : {};
    const text = generated.text?.trim() ?? "";
    if (text === "") {
      report({ outcome: "not-in-sources", citations: generated.citations, ...usage });
      return decision;
    }
    const check = checkGeneratedFacts({ text, citations: generated.citations, given: records, organisation });
    if (!check.accepted) {
      report({ outcome: "rejected", citations: generated.citations, problems: check.problems, ...usage });
      return decision;
    }
    const byId = new Map(records.map((r) => [r.id, r]));
    const cited = [...new Set(generated.citations)]
      .map((id) => byId.get(id))
      .filter((r): r is GenerationRecord => r !== undefined);
    const sources: GeneratedSource[] = cited.map((r) => ({ id: r.id, kind: r.kind, title: r.title }));
    const contacts = cited.filter((r) => r.kind === "contact").map((r) => r.id);
    report({ outcome: "generated", citations: cited.map((r) => r.id), ...usage });
    return {
      action: "answer",
      text,
      choices: [],
      sources: cited.filter((r) => r.kind === "entry").map((r) => r.id),
      confidence: GENERATED_CONFIDENCE,
      lang: decision.lang,
      org: organisation,
      ...(contacts.length > 0 ? { contacts } : {}),
      reason: "generated",
      generated: { sources },
    };
  }

  return { plan, answer };
}
