/** The /widget room of a conversation: every tab of its customer. */
export const widgetRoom = (conversationId: string) => `conv:${conversationId}`;
