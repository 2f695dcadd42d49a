/**
 * Phone numbers as people read them, and as tel: links. Norwegian numbers
 * (8 digits, with or without +47/0047) are grouped the Norwegian way: mobile
 * and special-rate numbers (first digit 4, 8 or 9) as 3-2-3 ("912 34 567",
 * "800 12 345"), others in pairs ("22 12 34 56"); "+47 " goes first when the
 * number had a country code. Anything else is returned as it came.
 *
 * Pure and dependency-free: the website widget and the agent console bundle
 * it too.
 */
export function formatPhone(value: string): string {
  const parsed = norwegian(value);
  if (!parsed) return value.trim();
  const n = parsed.national;
  const grouped = /^[489]/.test(n)
    ? `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`
    : `${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6)}`;
  return parsed.international ? `+47 ${grouped}` : grouped;
}

/** The tel: link for a number: digits only, with +47 for a Norwegian number; undefined when it is no number. */
export function phoneHref(value: string): string | undefined {
  const parsed = norwegian(value);
  if (parsed) return `tel:+47${parsed.national}`;
  const compact = value.trim().replace(/[\s().-]/g, "");
  const international = compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
  return /^\+[1-9]\d{7,14}$/.test(international) ? `tel:${international}` : undefined;
}

/** A phone number found in running text: where it starts, what was written, and how to show and link it. */
export interface PhoneInText {
  index: number;
  written: string;
  shown: string;
  href: string;
}

/** (start or a character that is not a digit or +) then +47/0047 and 8 digits, compact or with single spaces. */
const PHONE_IN_TEXT = /(^|[^\d+])((?:(?:\+|00)47 ?)?\d(?: ?\d){7})(?! ?\d)/g;

/**
 * Norwegian phone numbers inside running text ("+4791234567", "912 34 567",
 * "+47 66 77 99 00", "71 11 11 66"), not part of a longer number (account
 * numbers, organisation numbers). No lookbehind: the widget runs in Safari 13.
 */
export function phonesInText(text: string): PhoneInText[] {
  const found: PhoneInText[] = [];
  for (const m of text.matchAll(PHONE_IN_TEXT)) {
    const written = m[2] ?? "";
    const href = phoneHref(written);
    if (!href) continue;
    found.push({ index: (m.index ?? 0) + (m[1] ?? "").length, written, shown: formatPhone(written), href });
  }
  return found;
}

function norwegian(value: string): { national: string; international: boolean } | undefined {
  const compact = value.trim().replace(/[\s().-]/g, "");
  const m = /^(\+47|0047)?(\d{8})$/.exec(compact);
  if (!m?.[2]) return undefined;
  return { national: m[2], international: m[1] !== undefined };
}
