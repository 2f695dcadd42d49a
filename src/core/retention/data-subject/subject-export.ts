/** The portable export of one data subject's logs (format skranke.subject-export/1). */
export interface SubjectExport {
  format: "skranke.subject-export/1";
  generatedAt: string;
  customers: Array<{
    id: string;
    organisation: string;
    displayName: string | null;
    email: string | null;
    phone: string | null;
    language: string | null;
    createdAt: string;
    lastSeenAt: string;
    analyticsOptOut: boolean;
  }>;
  conversations: Array<{
    id: string;
    organisation: string;
    channel: string;
    language: string;
    status: string;
    startedAt: string;
    lastActivityAt: string;
    endedAt: string | null;
    humanInvolved: boolean;
    escalationReason: string | null;
    retention: { class: string; expiresAt: string };
    messages: Array<{ at: string; from: string; name: string | null; text: string }>;
    feedback: Array<{ at: string; helpful: boolean; comment: string | null }>;
    handoffs: Array<{ at: string; reason: string; status: string }>;
    /** Staff's internal notes are not exported; compliance reviews them by hand. */
    internalNotes: number;
  }>;
  offlineMessages: Array<{
    id: string;
    organisation: string;
    createdAt: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    text: string;
    handledAt: string | null;
  }>;
}
