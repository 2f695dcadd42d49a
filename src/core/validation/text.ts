import { z } from "zod";

/**
 * The one rule for text that reaches the database, on every channel (HTTP
 * bodies and query parameters, /widget and /agent events, Bot Framework
 * activities, the CLI): no NUL character and no unpaired UTF-16 surrogate.
 * PostgreSQL refuses both (a driver error, so the caller used to get
 * `internal`), SQLite stores NUL and silently replaces a lone surrogate: with
 * this rule both databases get the same text, and the caller gets
 * `invalid_input` naming the field.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this rule refuses.
const FORBIDDEN = /[\u0000\uD800-\uDFFF]/u;

export const TEXT_RULE_MESSAGE = "must not contain NUL characters or unpaired UTF-16 surrogates";

/** Whether the text has a NUL or a lone surrogate (a surrogate pair, e.g. an emoji, is fine). */
export function hasForbiddenCharacters(value: string): boolean {
  return FORBIDDEN.test(value);
}

/** Any string input: the text rule, nothing else (ids, e-mail addresses, tokens, free text). */
export function storableString(): z.ZodString {
  return z.string().refine((v) => !hasForbiddenCharacters(v), TEXT_RULE_MESSAGE);
}

/**
 * Free text of `min` to `max` characters, trimmed first, under the text
 * rule; `what` names it in the message ("text must be 1 to 4000 characters").
 */
export function boundedText(what: string, min: number, max: number): z.ZodString {
  const size = min > 0 ? `${what} must be ${min} to ${max} characters` : `${what} must be at most ${max} characters`;
  return z
    .string()
    .trim()
    .min(min, size)
    .max(max, size)
    .refine((v) => !hasForbiddenCharacters(v), TEXT_RULE_MESSAGE);
}

/**
 * The path of the first string (or object key) in a decoded JSON value that
 * breaks the text rule, e.g. `["conversation", "id"]`; undefined when all
 * obey it. For inputs without a schema of their own field by field (HTTP
 * query strings, route parameters, Bot Framework activities).
 */
export function findForbiddenText(
  value: unknown,
  path: Array<string | number> = [],
): Array<string | number> | undefined {
  if (typeof value === "string") return hasForbiddenCharacters(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenText(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (hasForbiddenCharacters(key)) return [...path, key];
      const found = findForbiddenText(inner, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
