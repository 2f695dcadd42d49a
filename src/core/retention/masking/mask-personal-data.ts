import { ACCOUNT_NUMBER_PATTERN, isValidAccountNumber } from "./account-number.js";
import { CARD_NUMBER_PATTERN, isValidCardNumber } from "./card-number.js";
import { EMAIL_ADDRESS_PATTERN } from "./email-address.js";
import { FODSELSNUMMER_PATTERN, isValidFodselsnummer } from "./fodselsnummer.js";
import { PHONE_NUMBER_PATTERN } from "./phone-number.js";

export type MaskKind = "email" | "fodselsnummer" | "accountNumber" | "cardNumber" | "phone";

export const MASKS: Record<MaskKind, string> = {
  email: "[e-post]",
  fodselsnummer: "[fødselsnummer]",
  accountNumber: "[kontonummer]",
  cardNumber: "[kortnummer]",
  phone: "[telefon]",
};

export type MaskCounts = Record<MaskKind, number>;

export function emptyMaskCounts(): MaskCounts {
  return { email: 0, fodselsnummer: 0, accountNumber: 0, cardNumber: 0, phone: 0 };
}

/**
 * Replaces Norwegian personal data in free text with a marker. Numbers with
 * check digits (fødselsnummer/D-number, account, card) are masked only when
 * the check digits are right, so order and case numbers stay readable.
 * Order matters: e-mail first (it may hold digits), then the 11-digit
 * identity and account numbers, then cards, then phone numbers.
 */
export function maskPersonalData(text: string, counts: MaskCounts = emptyMaskCounts()): string {
  const step = (input: string, pattern: RegExp, kind: MaskKind, valid: (m: string) => boolean) =>
    input.replace(pattern, (m) => {
      if (!valid(m)) return m;
      counts[kind] += 1;
      return MASKS[kind];
    });
  const digitsOf = (m: string) => m.replace(/\D/g, "");
  let out = step(text, EMAIL_ADDRESS_PATTERN, "email", () => true);
  out = step(out, FODSELSNUMMER_PATTERN, "fodselsnummer", (m) => isValidFodselsnummer(digitsOf(m)));
  out = step(out, ACCOUNT_NUMBER_PATTERN, "accountNumber", (m) => isValidAccountNumber(m));
  out = step(out, CARD_NUMBER_PATTERN, "cardNumber", (m) => isValidCardNumber(m));
  out = step(out, PHONE_NUMBER_PATTERN, "phone", () => true);
  return out;
}
