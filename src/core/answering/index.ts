export { CALIBRATION, type MatchFeatures } from "./confidence.js";
export { createAnswerEngine, THRESHOLDS } from "./engine.js";
export { GENERATE_RULE, shouldGenerate } from "./generated/decision-rule.js";
export {
  GENERATE_DEFAULTS,
  GENERATED_CONFIDENCE,
  type GenerationObserver,
  type GenerationOutcome,
  type GenerationReport,
} from "./generated/generated-answers.js";
export { asksForPerson } from "./handoff.js";
export { foldText } from "./normalize.js";
export type { AnswerReranker, RerankCandidate, RerankRequest } from "./reranker.js";
export {
  type AnswerHooks,
  type AnswerService,
  type AnswerServiceLogger,
  type AnswerServiceOptions,
  createAnswerService,
  RERANK_DEFAULTS,
} from "./service.js";
export * from "./types.js";
