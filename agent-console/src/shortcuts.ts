import type { TextKey } from "./i18n.js";

/** What a console-wide shortcut does (the composer's Enter keys are handled by the composer itself). */
export type ShortcutCommand = "next" | "previous" | "claim" | "canned" | "close" | "reply" | "help";

/** The shortcut list shown in the console (the "?" dialog), in the order it is shown. */
export const SHORTCUTS: ReadonlyArray<{ keys: readonly string[]; text: TextKey }> = [
  { keys: ["Enter", "Ctrl+Enter"], text: "sc_send" },
  { keys: ["Shift+Enter"], text: "sc_newline" },
  { keys: ["Alt+↓"], text: "sc_next" },
  { keys: ["Alt+↑"], text: "sc_previous" },
  { keys: ["Alt+K"], text: "sc_claim" },
  { keys: ["Alt+H"], text: "sc_canned" },
  { keys: ["Alt+A"], text: "sc_close" },
  { keys: ["Alt+R"], text: "sc_reply" },
  { keys: ["?"], text: "sc_help" },
  { keys: ["Esc"], text: "sc_escape" },
];

/** Alt+letter by physical key, so layouts where Alt types a character (macOS) work too. */
const ALT_CODES: Record<string, ShortcutCommand> = {
  ArrowDown: "next",
  ArrowUp: "previous",
  KeyK: "claim",
  KeyH: "canned",
  KeyA: "close",
  KeyR: "reply",
};

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The command a key press stands for, or null. "?" counts only outside text fields (there it is a question mark). */
export function shortcutOf(e: KeyboardEvent): ShortcutCommand | null {
  if (e.isComposing || e.defaultPrevented) return null;
  if (e.altKey && !e.ctrlKey && !e.metaKey) return ALT_CODES[e.code] ?? null;
  if (e.key === "?" && !e.altKey && !e.ctrlKey && !e.metaKey && !typingIn(e.target)) return "help";
  return null;
}

/** The composer's keys: Enter or Ctrl+Enter sends, Shift+Enter is a new line. */
export function sendsReply(e: KeyboardEvent): boolean {
  return e.key === "Enter" && !e.shiftKey && !e.altKey && !e.isComposing;
}
