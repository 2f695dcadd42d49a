import { isCloseCall } from "../close-call.js";
import type { Decision } from "../types.js";

/** When a generated answer is tried (see {@link shouldGenerate}). */
export const GENERATE_RULE = {
  /** A matched answer below this confidence is not confident. */
  closeCall: 0.7,
  /** Retrieval found a relevant entry: the best candidate covers at least this share of the question. */
  relevantCoverage: 0.3,
} as const;

export interface GenerateRule {
  readonly closeCall: number;
  readonly relevantCoverage: number;
}

/**
 * Whether a question goes to the language model: the customer's organisation is known (only its
 * records may be given), retrieval found at least one relevant entry of it, and the lexical
 * decision is not confident (a low-confidence fallback, an "which of these?" clarification, or a
 * matched answer below {@link GENERATE_RULE.closeCall}). Pure.
 */
export function shouldGenerate(
  decision: Decision,
  candidates: readonly { readonly coverage: number }[],
  organisation: string | undefined,
  rule: GenerateRule = GENERATE_RULE,
): boolean {
  if (organisation === undefined) return false;
  if (!isCloseCall(decision, rule.closeCall)) return false;
  return candidates.some((c) => c.coverage >= rule.relevantCoverage);
}
