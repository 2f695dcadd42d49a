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
 * The conversations in which the customer wrote at least once that started
 * in the hour beginning at `startedAt`. (Norway's offsets from UTC are whole
 * hours, so an hour never straddles two local days.)
 */
export interface ReportConversation {
  startedAt: Date;
  count: number;
  /** How many had no handoff request, no leave-a-message and no person: the bot answered alone. */
  botOnly: number;
  /** End-of-chat ratings: ratings[0] is how many gave 1, …, ratings[4] how many gave 5. */
  ratings: [number, number, number, number, number];
}

/** A request for a person (transfers between agents are not counted). */
export interface ReportHandoff {
  conversationStartedAt: Date;
  /** waiting | assigned | completed | abandoned | cancelled | failed */
  status: string;
  /** Seconds from the request to the first agent message in the conversation (at or after it), if any. */
  firstResponseSeconds: number | null;
  /** Seconds from the request to its end (for a completed one: the agent closed the chat), if it ended. */
  endedAfterSeconds: number | null;
}

/** How many "was this helpful?" answers (yes or no) bot messages from one knowledge entry got in the window. */
export interface ReportFeedback {
  entryId: string | null;
  helpful: boolean;
  count: number;
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
