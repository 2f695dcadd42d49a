import type { Decision } from "./types.js";

/**
 * Whether a lexical decision is a close call, worth a second opinion (reranker) or a generated
 * answer: a low-confidence fallback, an "which of these entries?" clarification, or a matched
 * answer below `closeCall` confidence. Confident answers, handoffs, off-topic, product and
 * other-organisation decisions and replies composed from contact points never are.
 */
export function isCloseCall(d: Decision, closeCall: number): boolean {
  if (d.action === "fallback") return d.reason === "low-confidence";
  if (d.action === "clarify") return d.reason === "ambiguous-entry";
  if (d.action === "answer") return d.reason === "matched" && d.confidence < closeCall;
  return false;
}
