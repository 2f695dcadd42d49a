import type { Lang } from "../knowledge/types.js";

/** One knowledge-base entry offered to a reranker: what it needs to judge the entry, nothing more. */
export interface RerankCandidate {
  /** Entry id; the only thing a reranker may return. */
  readonly id: string;
  readonly organisation: string;
  /** The entry's answer (Norwegian bokmål, the knowledge base's reference text). */
  readonly answer: string;
  /** A few of the entry's question phrasings. */
  readonly questions: readonly string[];
}

export interface RerankRequest {
  /** The customer's message, as written. */
  readonly question: string;
  /** Language of the reply the customer will get. */
  readonly lang: Lang;
  /** Candidates, best lexical match first (all from the organisations the customer may get answers from). */
  readonly candidates: readonly RerankCandidate[];
  /** Aborted when the answer service stops waiting. */
  readonly signal: AbortSignal;
}

/**
 * Port for an optional second opinion on which knowledge-base entry answers a question (for
 * example a language model). It only ever picks an entry id from the candidates, or none: the
 * customer then gets that entry's own answer text, so a reranker can neither invent facts nor
 * give away another organisation's. Implementations may throw or hang: the answer service
 * time-boxes the call and falls back to the lexical decision.
 */
export interface AnswerReranker {
  /** Resolves to the id of the candidate that answers the question, or null when none does. */
  choose(request: RerankRequest): Promise<string | null>;
}
