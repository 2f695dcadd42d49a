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
  | "reranked";

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
