/** The /widget room of a conversation: every tab of its customer. */
export const widgetRoom = (conversationId: string) => `conv:${conversationId}`;

/** Every customer connected to an organisation's widget (the `service` event). */
export const widgetOrganisationRoom = (organisationId: string) => `org:${organisationId}`;

/** Every tab of one widget token (its hash), with or without a conversation yet. */
export const widgetTokenRoom = (tokenHash: string) => `widget-token:${tokenHash}`;
