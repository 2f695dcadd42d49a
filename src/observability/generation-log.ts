import type { GenerationObserver } from "../core/answering/generated/generated-answers.js";
import type { Logger } from "./logger.js";
import type { ServerMetrics } from "./metrics.js";

/**
 * Every question put to the language model: one log line (outcome, latency, token use, the
 * citations and, for a rejected text, what the fact check found; never the question or the text)
 * and the metrics.
 */
export function generationLog(logger: Logger, metrics?: ServerMetrics): GenerationObserver {
  return {
    generation(report) {
      metrics?.generated(report);
      const details = {
        org: report.organisation,
        outcome: report.outcome,
        latencyMs: report.latencyMs,
        ...(report.usage ? { tokens: report.usage } : {}),
        ...(report.citations ? { citations: report.citations } : {}),
        ...(report.problems ? { problems: report.problems.slice(0, 10) } : {}),
        ...(report.error ? { err: report.error } : {}),
      };
      if (report.outcome === "generated" || report.outcome === "not-in-sources")
        logger.info(details, "generated answer");
      else logger.warn(details, "generated answer not used; keeping the lexical decision");
    },
  };
}
