import type { Clock } from "../clock.js";
import type { RetentionPolicySource } from "../retention/retention-stamp.js";
import type { ConversationEventBus } from "./conversation-events.js";
import { ConversationLifecycle } from "./conversation-lifecycle.js";
import { ConversationLog } from "./conversation-log.js";
import type { ConversationStore } from "./conversation-store.js";
import { RetentionClassifier } from "./retention-classifier.js";

/** The conversation services, sharing one retention classifier. */
export interface ConversationCore {
  log: ConversationLog;
  lifecycle: ConversationLifecycle;
}

export function createConversationCore(deps: {
  store: ConversationStore;
  policies: RetentionPolicySource;
  events: ConversationEventBus;
  clock: Clock;
}): ConversationCore {
  const retention = new RetentionClassifier(deps.policies);
  return {
    log: new ConversationLog(deps.store, retention, deps.events, deps.clock),
    lifecycle: new ConversationLifecycle(deps.store, retention, deps.clock),
  };
}
