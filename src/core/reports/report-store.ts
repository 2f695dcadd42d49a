/**
 * What the reports read from storage, in core types: the rows of one
 * organisation's conversations that started in [from, to). The store only
 * selects; every figure is computed in ./daily-report.ts.
 */
export interface ReportWindow {
  organisationId: string;
  from: Date;
  to: Date;
}

/**
 * Conversations in which the customer wrote at least once, grouped: `count`
 * of them started in the hour beginning at `startedAt` with the same
 * figures. (Norway's offsets from UTC are whole hours, so an hour never
 * straddles two local days.)
 */
export interface ReportConversation {
  startedAt: Date;
  count: number;
  /** No handoff request, no leave-a-message and no person took part: the bot answered alone. */
  botOnly: boolean;
  /** The end-of-chat rating, 1–5, or null. */
  satisfaction: number | null;
}

/** A request for a person (transfers between agents are not counted). */
export interface ReportHandoff {
  conversationStartedAt: Date;
  requestedAt: Date;
  /** waiting | assigned | completed | abandoned | cancelled | failed */
  status: string;
  /** The first agent message in the conversation at or after the request, if any. */
  firstAgentReplyAt: Date | null;
  /** When the request ended (completed: the agent closed the chat). */
  endedAt: Date | null;
}

/** A "was this helpful?" answer on a bot message, with the knowledge entry the message answered from. */
export interface ReportFeedback {
  conversationStartedAt: Date;
  entryId: string | null;
  helpful: boolean;
}

/** A customer message the bot answered with a fallback; `text` is as stored (masked by the report). */
export interface ReportQuestion {
  conversationStartedAt: Date;
  askedAt: Date;
  text: string;
}

export interface ReportStore {
  /** The organisation's name, or null when there is no such organisation. */
  organisationName(organisationId: string): Promise<string | null>;
  conversations(w: ReportWindow): Promise<ReportConversation[]>;
  handoffs(w: ReportWindow): Promise<ReportHandoff[]>;
  feedback(w: ReportWindow): Promise<ReportFeedback[]>;
  /** Unanswered questions, leaving out customers who objected to analysis. */
  unansweredQuestions(w: ReportWindow): Promise<ReportQuestion[]>;
}
