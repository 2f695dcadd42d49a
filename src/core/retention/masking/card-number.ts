/** Payment card numbers: 12 to 19 digits (spaces or dashes between groups), Luhn check digit. */
export function isValidCardNumber(value: string): boolean {
  const digits = value.replace(/[ \u00a0-]/g, "");
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const CARD_NUMBER_PATTERN = /(?<![\p{L}\p{N}])\d(?:[ \u00a0-]?\d){11,18}(?![\p{L}\p{N}])/gu;
