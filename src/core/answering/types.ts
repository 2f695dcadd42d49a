import type { KnowledgeBase, Lang } from "../knowledge/types.js";
import type { MatchFeatures } from "./confidence.js";

export type Action = "answer" | "clarify" | "handoff" | "fallback";

/** What the conversation is about so far, so a short follow-up ("og e-posten?") can be understood. */
export interface AskContext {
  /** Contact point ids the last answer was about (from {@link Decision.contacts}). */
  readonly contacts?: readonly string[];
}

/**
 * A question to the engine. The engine keeps no conversation state: a channel that wants short
 * follow-ups understood passes the last answer's contact points back as `context`.
 */
export interface AskInput {
  /** The customer's message. */
  readonly text: string;
  /** Slug of the organisation whose widget the customer is on; answers then only come from it. */
  readonly org?: string;
  /** Language to reply in; detected from the text when absent. */
  readonly lang?: Lang;
  readonly context?: AskContext;
}

/**
 * An option offered with `clarify` (and a "talk to a person" option with some fallbacks).
 * `value` is what the customer (or the widget, as a button's payload) sends back to pick it:
 * for knowledge entries it is the entry id, which `ask` resolves directly to that entry's answer
 * (with the same `org`, or none); for the person option it is a handoff request that `ask`
 * recognises.
 */
export interface Choice {
  readonly label: string;
  readonly value: string;
  readonly entryId?: string;
  readonly org?: string;
}

/** Why the engine decided as it did (for logs and the evaluation, not for customers). */
export type DecisionReason =
  | "matched"
  | "picked-choice"
  | "asked-for-person"
  | "ambiguous-organisation"
  | "ambiguous-entry"
  | "other-organisation"
  | "off-topic"
  | "product-not-covered"
  | "low-confidence"
  | "no-content"
  /** Composed from the structured contact points (who / which number / which address). */
  | "contact-details"
  /** Composed from a contact point's opening hours and the clock (open now, on a day, at a time). */
  | "opening-hours"
  /** The customer said thank you (or goodbye). */
  | "thanks"
  /** Answered with the entry an optional reranker (see `createAnswerService`) picked among the candidates. */
  | "reranked"
  /** Written by an optional language model from the cited records, every fact checked (see `createAnswerService`). */
  | "generated";

export interface Decision {
  readonly action: Action;
  /** Text for the customer, in `lang`. */
  readonly text: string;
  readonly choices: readonly Choice[];
  /** Ids of the entries the text is taken from (answer) or offered (clarify); empty otherwise. */
  readonly sources: readonly string[];
  /** Estimated probability (0–1) that this action, and for answers this entry, is right. */
  readonly confidence: number;
  readonly lang: Lang;
  /** Organisation the decision is about, when one is known. */
  readonly org?: string;
  /** Contact points (ids) an answer is about: a follow-up can refer back to them (see {@link AskContext}). */
  readonly contacts?: readonly string[];
  readonly reason: DecisionReason;
  /** Present for `reason: "generated"`: the records the model cited, for the customer to see. */
  readonly generated?: GeneratedAnswerInfo;
}

/** A record a generated answer cites, as the customer is shown it. */
export interface GeneratedSource {
  readonly id: string;
  readonly kind: "entry" | "contact";
  /** A readable name: the entry's first question phrasing, the contact point's name (in the answer's language). */
  readonly title: string;
}

export interface GeneratedAnswerInfo {
  /** The cited records, in the order the model cited them. */
  readonly sources: readonly GeneratedSource[];
}

/**
 * A knowledge record given to an {@link AnswerGenerator}: an entry or a contact point of the
 * customer's organisation, with its content for the model and its texts for the fact check.
 */
export interface GenerationRecord {
  readonly id: string;
  readonly organisation: string;
  readonly kind: "entry" | "contact";
  readonly title: string;
  /** What the model is shown (JSON-serialisable, structured for contact points). */
  readonly content: Readonly<Record<string, unknown>>;
  /** Every text of the record that may state a fact (checked against the generated text). */
  readonly texts: readonly string[];
}

export interface GenerateRequest {
  /** The customer's message with personal numbers already masked. */
  readonly question: string;
  readonly lang: Lang;
  /** The customer's organisation: every record is of it. */
  readonly organisation: string;
  readonly records: readonly GenerationRecord[];
  /** Aborted when the per-answer deadline has passed. */
  readonly signal: AbortSignal;
  /** The per-answer deadline (epoch ms): no retry should start that could not finish before it. */
  readonly deadline: number;
}

/** Token use of one generation (as the model reports it). */
export interface GenerationUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

export interface GeneratedText {
  /** The answer, or null when the model says the records do not answer the question. */
  readonly text: string | null;
  /** Ids of the records the text rests on (must be among the records given). */
  readonly citations: readonly string[];
  readonly usage?: GenerationUsage;
}

/**
 * Port for an optional language model that writes an answer from knowledge records. Whatever it
 * returns is checked by the answer service (every fact must appear in the cited records of the
 * customer's organisation); implementations may throw or hang, the service time-boxes the call
 * and keeps the lexical decision.
 */
export interface AnswerGenerator {
  generate(request: GenerateRequest): Promise<GeneratedText>;
}

/** What the engine saw in a question: for debugging and the evaluation, not for customers. */
export interface Explanation {
  readonly organisationsNamed: readonly string[];
  /** Each content word, what it was read as (after spelling correction), and its index terms. */
  readonly words: readonly { readonly word: string; readonly readAs: string; readonly terms: readonly string[] }[];
  readonly candidates: readonly {
    readonly entryId: string;
    readonly score: number;
    readonly coverage: number;
    readonly phraseSimilarity: number;
  }[];
  /** What the confidence of the best candidate is computed from (absent without candidates). */
  readonly features?: MatchFeatures;
  /** The calibrated confidence that the best candidate is right (absent without candidates). */
  readonly confidence?: number;
}

export interface AnswerEngine {
  readonly knowledge: KnowledgeBase;
  /** Answers one message synchronously (no I/O). Throws {@link AskInputError} for invalid input. */
  ask(input: AskInput): Decision;
  /**
   * The words and best candidates behind a decision (same input rules as `ask`): at most
   * `limit` candidates (default 5, at most 20), from the organisations the question may be answered from.
   */
  explain(input: AskInput, options?: { readonly limit?: number }): Explanation;
}

export type AskInputProblem = "empty-question" | "unknown-organisation" | "question-too-long";

/** Invalid input to {@link AnswerEngine.ask}: an empty question or an unknown organisation. */
export class AskInputError extends Error {
  readonly problem: AskInputProblem;

  constructor(problem: AskInputProblem, message: string) {
    super(message);
    this.name = "AskInputError";
    this.problem = problem;
  }
}
