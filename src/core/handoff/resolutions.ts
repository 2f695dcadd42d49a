/** Resolution tags an agent closes a chat with (stored on Conversation.resolution). */
export const RESOLUTIONS = ["resolved", "not_resolved", "follow_up", "referred", "no_response", "spam"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Set by the system when the customer ends a chat an agent had. */
export const CUSTOMER_ENDED_RESOLUTION = "customer_ended";

export function isResolution(value: unknown): value is Resolution {
  return typeof value === "string" && (RESOLUTIONS as readonly string[]).includes(value);
}
