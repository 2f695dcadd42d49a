export { CALIBRATION, type MatchFeatures } from "./confidence.js";
export { createAnswerEngine, THRESHOLDS } from "./engine.js";
export { asksForPerson } from "./handoff.js";
export { foldText } from "./normalize.js";
export * from "./types.js";
