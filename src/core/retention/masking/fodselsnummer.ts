/**
 * Norwegian national identity numbers: fødselsnummer (DDMMYY + individual
 * number + two check digits), D-numbers (day + 40), H-numbers and NAV's
 * synthetic numbers (month + 40) and Skatteetaten's synthetic numbers
 * (month + 80). Check digits: K1 with weights 3 7 6 1 8 9 4 5 2, K2 with
 * weights 5 4 3 2 7 6 5 4 3 2 over the first ten digits; check = 11 - (sum
 * mod 11), 11 -> 0, 10 -> invalid. From 2032 K1 is relaxed: the weighted sum
 * including K1 (weight 1) may leave remainder 0, 1, 2 or 3; K2 is unchanged.
 */
const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
const K1_REMAINDERS_FROM_2032 = new Set([0, 1, 2, 3]);

export type IdentityNumberKind = "fodselsnummer" | "d-nummer" | "h-nummer" | "syntetisk";

function weightedSum(digits: number[], weights: number[]): number {
  return weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0);
}

/** The kind of a valid 11-digit identity number, or null when the date or a check digit is wrong. */
export function identityNumberKind(value: string): IdentityNumberKind | null {
  if (!/^\d{11}$/.test(value)) return null;
  const d = [...value].map(Number);
  let day = Number(value.slice(0, 2));
  let month = Number(value.slice(2, 4));
  const year = Number(value.slice(4, 6));
  let kind: IdentityNumberKind = "fodselsnummer";
  if (day > 40) {
    day -= 40;
    kind = "d-nummer";
  }
  if (month > 80) {
    month -= 80;
    kind = "syntetisk";
  } else if (month > 40) {
    month -= 40;
    kind = kind === "d-nummer" ? "syntetisk" : "h-nummer";
  }
  if (!validDate(day, month, year)) return null;
  if (!K1_REMAINDERS_FROM_2032.has(weightedSum(d, K1_WEIGHTS) % 11)) return null;
  if (weightedSum(d, K2_WEIGHTS) % 11 !== 0) return null;
  return kind;
}

export function isValidFodselsnummer(value: string): boolean {
  return identityNumberKind(value) !== null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(day: number, month: number, year: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return year % 4 === 0;
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** 11 digits, optionally written DDMMYY NNNNN, not part of a longer number or word. */
export const FODSELSNUMMER_PATTERN = /(?<![\p{L}\p{N}])(\d{6})[ \u00a0]?(\d{5})(?![\p{L}\p{N}])/gu;
