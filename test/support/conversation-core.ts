import { type Clock, FixedClock, systemClock } from "../../src/core/clock.js";
import { type ConversationCore, createConversationCore } from "../../src/core/conversations/conversation-core.js";
import { ConversationEventBus } from "../../src/core/conversations/conversation-events.js";
import type { NewMessage } from "../../src/core/conversations/conversation-records.js";
import type { Repositories } from "../../src/storage/repositories/index.js";

/** The conversation core (log and lifecycle) on a test database's repositories, as the server builds it. */
export function conversationCoreFor(
  repos: Repositories,
  clock: Clock = systemClock,
  events: ConversationEventBus = new ConversationEventBus(),
): ConversationCore {
  return createConversationCore({ store: repos.conversationStore, policies: repos.retentionPolicies, events, clock });
}

/** Stores a message at `at` the way the channels do (ConversationLog), for seeding tests. */
export async function recordAt(repos: Repositories, input: NewMessage, at: Date) {
  const conversation = await repos.conversations.findById(input.conversationId);
  if (!conversation) throw new Error(`no conversation ${input.conversationId}`);
  return conversationCoreFor(repos, new FixedClock(at)).log.record(conversation.organisationId, input, {
    publish: false,
  });
}
