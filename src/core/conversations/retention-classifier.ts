import type { ConversationStatus } from "../handoff/conversation-status.js";
import type { RetentionPolicySource, RetentionStamp } from "../retention/retention-stamp.js";
import { retentionStamp } from "../retention/retention-stamp.js";
import type { ConversationRecord } from "./conversation-records.js";
import type { ConversationTransaction } from "./conversation-store.js";
import { type ConversationOperation, personTakesPart } from "./participation.js";

/** A stamp for a step a person took. */
export type PersonStamp = RetentionStamp & { humanInvolved: true };

/** How many times a stamp is retried when concurrent steps keep changing the row under it. */
const MAX_STAMP_ATTEMPTS = 3;

/**
 * Classifies a conversation for retention as part of the transaction of
 * whatever happened in it: `human_involved` once a person took part
 * (participation.ts), otherwise `bot_only`, with the expiry of the policy in
 * force counted from this activity.
 */
export class RetentionClassifier {
  constructor(private readonly policies: RetentionPolicySource) {}

  /**
   * What a state change writes for retention: the stamp of a step a person
   * took, or nothing (the change is no activity) when the operation does not
   * make a person take part.
   */
  async forStateChange(
    operation: ConversationOperation,
    organisationId: string,
    now: Date,
  ): Promise<{ retention?: PersonStamp }> {
    if (!personTakesPart(operation)) return {};
    return { retention: retentionStamp(now, true, await this.policies.current(organisationId)) as PersonStamp };
  }

  /**
   * The stamp `stamp` tries first for `operation`: the caller's
   * organisation's policy, and bot-only unless the operation makes a person
   * take part. A store that writes it in one statement applies it only while
   * the row agrees (ConversationStore.appendStamped); otherwise `stamp` works
   * out what the row needs.
   */
  async expectedStamp(operation: ConversationOperation, organisationId: string, now: Date): Promise<RetentionStamp> {
    return retentionStamp(now, personTakesPart(operation), await this.policies.current(organisationId));
  }

  /**
   * Writes the stamp of `operation` (a message, a note, a handled request)
   * inside `tx`. Tries the cheap way first: the caller's organisation, and
   * bot-only unless the operation makes a person take part. When the row
   * says otherwise (a person took part meanwhile, or it moved organisation),
   * it reads the row and stamps what it says; never undoes human involvement.
   * With `statuses`, only a conversation in one of them is stamped: null
   * (nothing written) when it is in another, or gone. Otherwise the row as
   * stamped.
   */
  async stamp(
    tx: ConversationTransaction,
    conversationId: string,
    organisationId: string,
    operation: ConversationOperation,
    now: Date,
    statuses?: readonly ConversationStatus[],
  ): Promise<ConversationRecord | null> {
    const human = personTakesPart(operation);
    const expect = statuses ? { statuses } : {};
    // The policies are read through `tx`: nothing inside a transaction reads outside it.
    const first = retentionStamp(now, human, await tx.retentionPolicy(organisationId));
    const cheap = await tx.stampRetention(conversationId, first, { organisationId, ...expect });
    if (cheap) return cheap;
    for (let attempt = 1; attempt < MAX_STAMP_ATTEMPTS; attempt++) {
      const row = await tx.conversation(conversationId);
      if (!row) {
        if (statuses) return null;
        throw new Error(`no conversation ${conversationId}`);
      }
      if (statuses && !statuses.includes(row.status)) return null;
      const policy = await tx.retentionPolicy(row.organisationId);
      const stamp = retentionStamp(now, human || row.humanInvolved, policy);
      const stamped = await tx.stampRetention(conversationId, stamp, { organisationId: row.organisationId, ...expect });
      if (stamped) return stamped;
    }
    throw new Error(`conversation ${conversationId} kept changing while its retention was stamped`);
  }
}
