import type { StatePropertyAccessor } from "botbuilder";
import { DialogSet, type DialogState } from "botbuilder-dialogs";
import type { DialogDeps } from "./dialog-deps.js";
import { HandoffDialog } from "./handoff-dialog.js";
import { LeaveMessageDialog } from "./leave-message-dialog.js";
import { MainDialog } from "./main-dialog.js";
import { OfferMessageDialog } from "./offer-message-dialog.js";

export { type ConversationData, newConversationData } from "./conversation-data.js";
export type { DialogDeps } from "./dialog-deps.js";
export { HANDOFF_DIALOG, type HandoffOptions } from "./handoff-dialog.js";
export { LEAVE_MESSAGE_DIALOG } from "./leave-message-dialog.js";
export { MAIN_DIALOG } from "./main-dialog.js";
export { OFFER_MESSAGE_DIALOG, type OfferMessageOptions } from "./offer-message-dialog.js";

/** All of Skranke's dialogs, their stack kept in `dialogState` (ConversationState). */
export function createDialogSet(dialogState: StatePropertyAccessor<DialogState>, deps: DialogDeps): DialogSet {
  const dialogs = new DialogSet(dialogState);
  dialogs.add(new MainDialog(deps));
  dialogs.add(new HandoffDialog(deps));
  dialogs.add(new OfferMessageDialog());
  dialogs.add(new LeaveMessageDialog(deps));
  return dialogs;
}
