/**
 * Phone numbers: Norwegian numbers (8 digits starting 2-9, optionally with
 * +47 or 0047, written 12345678, 12 34 56 78 or 123 45 678) and other
 * international numbers written with a leading +.
 */
const SEP = "[ \\u00a0-]";
const NORWEGIAN = `(?:(?:\\+|00)${SEP}?47${SEP}?)?(?:[2-9]\\d{7}|[2-9]\\d(?:${SEP}\\d{2}){3}|[2-9]\\d{2}${SEP}\\d{2}${SEP}\\d{3})`;
const INTERNATIONAL = `\\+\\d{1,3}${SEP}?\\d(?:${SEP}?\\d){6,12}`;

export const PHONE_NUMBER_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}+])(?:${NORWEGIAN}|${INTERNATIONAL})(?![\\p{L}\\p{N}])`,
  "gu",
);
