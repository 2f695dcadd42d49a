import type { BotAdapter } from "botbuilder";
import type { BotRuntime } from "../bot/bot-runtime.js";
import type { AdapterChannel } from "../bot/channels.js";
import type { AnswerService } from "../core/answering/service.js";
import type { ServerMetrics } from "./metrics.js";

/**
 * The bot runtime with its turns timed and counted: every adapter it is
 * installed on gets, first in its middleware chain, a timer that covers the
 * whole turn (Skranke's middleware, dialogs, replies).
 */
export function observeBotTurns(runtime: BotRuntime, metrics: ServerMetrics): BotRuntime {
  return {
    ...runtime,
    install(adapter: BotAdapter, channel?: AdapterChannel) {
      const label = channel === "widget" ? "widget" : "botframework";
      adapter.use({
        async onTurn(_context, next) {
          const done = metrics.turnStarted(label);
          try {
            await next();
          } finally {
            done();
          }
        },
      });
      runtime.install(adapter, channel);
    },
  };
}

/** The answer service with each decision counted by its action. */
export function observeAnswers(service: AnswerService, metrics: ServerMetrics): AnswerService {
  return {
    engine: service.engine,
    async answer(input, hooks) {
      const decision = await service.answer(input, hooks);
      metrics.decided(decision.action);
      return decision;
    },
  };
}
