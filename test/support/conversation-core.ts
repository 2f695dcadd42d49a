import { DatabaseStorage } from "../../src/bot/database-storage.js";
import { type Clock, FixedClock, systemClock } from "../../src/core/clock.js";
import { ChannelConversations } from "../../src/core/conversations/channel-conversations.js";
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

/** The channels' conversations (Bot Framework turns, bot state owners) on a test database's repositories. */
export function channelConversationsFor(
  repos: Repositories,
  lifecycle: ConversationCore["lifecycle"],
  clock: Clock = systemClock,
  events: ConversationEventBus = new ConversationEventBus(),
): ChannelConversations {
  return new ChannelConversations({
    conversations: repos.conversations,
    customers: repos.customers,
    organisations: repos.organisations,
    lifecycle,
    events,
    clock,
  });
}

/** The bot's state storage on a test database, as the server builds it. */
export function botStateStorageFor(repos: Repositories): DatabaseStorage {
  return new DatabaseStorage(repos.botState, channelConversationsFor(repos, conversationCoreFor(repos).lifecycle));
}
