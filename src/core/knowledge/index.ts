export { formatProblem, KnowledgeLoadError, type KnowledgeProblem } from "./errors.js";
export { loadKnowledgeBase } from "./loader.js";
export { minutesOfDay } from "./schema.js";
export * from "./types.js";
