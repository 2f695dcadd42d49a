export { CALIBRATION, type MatchFeatures } from "./confidence.js";
export { createAnswerEngine, THRESHOLDS } from "./engine.js";
export { asksForPerson } from "./handoff.js";
export { foldText } from "./normalize.js";
export type { AnswerReranker, RerankCandidate, RerankRequest } from "./reranker.js";
export {
  type AnswerService,
  type AnswerServiceLogger,
  type AnswerServiceOptions,
  createAnswerService,
  RERANK_DEFAULTS,
} from "./service.js";
export * from "./types.js";
