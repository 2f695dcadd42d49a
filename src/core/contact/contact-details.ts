/**
 * Contact details a customer leaves with an offline message: an e-mail address
 * or a phone number (Norwegian: 8 digits, optionally +47/0047; other countries:
 * + and 8 to 15 digits). Normalised forms are what gets stored.
 */
export interface ContactDetails {
  email?: string;
  phone?: string;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/i;

/** The e-mail address in normalised form (trimmed, domain lower-cased), or undefined when it is not one. */
export function normaliseEmail(input: string): string | undefined {
  const value = input.trim();
  if (value.length > 254 || !EMAIL.test(value)) return undefined;
  const at = value.lastIndexOf("@");
  return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
}

/** The phone number as +47XXXXXXXX (Norway) or +<digits>, or undefined when it is not one. */
export function normalisePhone(input: string): string | undefined {
  const compact = input.trim().replace(/[\s().-]/g, "");
  if (!/^\+?\d+$/.test(compact)) return undefined;
  let national: string | undefined;
  if (/^\d{8}$/.test(compact)) national = compact;
  else if (/^(?:\+47|0047)\d{8}$/.test(compact)) national = compact.slice(-8);
  if (national !== undefined) return /^[2-9]/.test(national) ? `+47${national}` : undefined;
  const international = compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
  return /^\+[1-9]\d{7,14}$/.test(international) ? international : undefined;
}

const EMAIL_IN_TEXT = /[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+/g;
const PHONE_IN_TEXT = /(?:\+|00)?\d[\d\s().-]{6,18}\d/g;

/**
 * Finds an e-mail address and/or a phone number in free text ("ring meg på 912 34 567",
 * "kari@example.no"). Returns undefined when neither is there or valid.
 */
export function findContactDetails(text: string): ContactDetails | undefined {
  const found: ContactDetails = {};
  for (const candidate of text.match(EMAIL_IN_TEXT) ?? []) {
    const email = normaliseEmail(candidate.replace(/[.!?]+$/, ""));
    if (email) {
      found.email = email;
      break;
    }
  }
  for (const candidate of text.replace(EMAIL_IN_TEXT, " ").match(PHONE_IN_TEXT) ?? []) {
    const phone = normalisePhone(candidate);
    if (phone) {
      found.phone = phone;
      break;
    }
  }
  return found.email || found.phone ? found : undefined;
}
