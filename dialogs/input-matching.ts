import type { Activity } from "botbuilder";
import { foldText } from "../src/core/answering/index.js";
import type { PendingChoice } from "./conversation-data.js";

/** The customer's message: the text typed (or the button's title) and the value of a clicked choice. */
export interface CustomerInput {
  text: string;
  value: string | undefined;
}

export function readInput(activity: Activity): CustomerInput {
  const value = typeof activity.value === "string" ? activity.value : undefined;
  return { text: (activity.text ?? "").trim(), value };
}

function folded(s: string): string {
  return foldText(s)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const YES = new Set([
  "ja",
  "j",
  "yes",
  "y",
  "jepp",
  "jo",
  "gjerne",
  "ja takk",
  "ja gjerne",
  "yes please",
  "ok",
  "okay",
  "sure",
  "absolutt",
  "selvfolgelig",
]);
const NO = new Set(["nei", "n", "no", "nope", "nei takk", "no thanks", "ikke na", "not now", "ellers takk"]);

/** true for yes, false for no, undefined for anything else (in bokmål or English, text or button value). */
export function matchYesNo(input: CustomerInput): boolean | undefined {
  for (const candidate of [input.value, input.text]) {
    if (candidate === undefined) continue;
    const f = folded(candidate);
    if (f === "") continue;
    if (YES.has(f)) return true;
    if (NO.has(f)) return false;
  }
  return undefined;
}

export const FEEDBACK_VALUES = { helpful: "feedback:helpful", notHelpful: "feedback:not-helpful" } as const;

const HELPFUL = new Set(["nyttig", "helpful", "ja det hjalp", "det hjalp", "that helped", "takk det hjalp"]);
const NOT_HELPFUL = new Set(["ikke nyttig", "not helpful", "det hjalp ikke", "that didn t help", "didn t help"]);

/** true when the customer says the last answer helped, false when it did not, undefined otherwise. */
export function matchFeedback(input: CustomerInput): boolean | undefined {
  if (input.value === FEEDBACK_VALUES.helpful) return true;
  if (input.value === FEEDBACK_VALUES.notHelpful) return false;
  const f = folded(input.text);
  if (HELPFUL.has(f)) return true;
  if (NOT_HELPFUL.has(f)) return false;
  return undefined;
}

/** The offered choice the customer picked: by value, by label, or by its number in the list. */
export function matchChoice(input: CustomerInput, choices: readonly PendingChoice[]): PendingChoice | undefined {
  if (input.value !== undefined) {
    const byValue = choices.find((c) => c.value === input.value);
    if (byValue) return byValue;
  }
  const f = folded(input.text);
  if (f === "") return undefined;
  const byLabel = choices.find((c) => folded(c.label) === f || c.value === input.text);
  if (byLabel) return byLabel;
  const n = /^(\d{1,2})$/.exec(f)?.[1];
  return n !== undefined ? choices[Number(n) - 1] : undefined;
}

const CANCEL = new Set(["avbryt", "cancel", "stopp", "stop", "glem det", "never mind", "nevermind"]);

/** The customer wants to stop what the bot is asking ("avbryt", "cancel"). */
export function isCancel(input: CustomerInput): boolean {
  return CANCEL.has(folded(input.text));
}
