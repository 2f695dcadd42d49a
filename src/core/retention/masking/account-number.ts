/**
 * Norwegian bank account numbers: 11 digits (often written 1234.56.78903 or
 * 1234 56 78903), MOD11 check digit with weights 5 4 3 2 7 6 5 4 3 2:
 * check = 11 - (sum mod 11), 11 -> 0, 10 -> invalid.
 */
const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

export function isValidAccountNumber(value: string): boolean {
  const digits = value.replace(/[ .\u00a0]/g, "");
  if (!/^\d{11}$/.test(digits)) return false;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[10]);
}

/** 4 + 2 + 5 digits with the same separator (none, space or dot) twice. */
export const ACCOUNT_NUMBER_PATTERN = /(?<![\p{L}\p{N}])\d{4}([ .\u00a0]?)\d{2}\1\d{5}(?![\p{L}\p{N}])/gu;
