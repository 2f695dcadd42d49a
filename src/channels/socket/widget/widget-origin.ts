import type { Organisation } from "../../../core/knowledge/types.js";

/** Which sites besides an organisation's own `allowedOrigins` may open /widget connections. */
export interface WidgetOriginRules {
  /**
   * Development (NODE_ENV is not `production`): pages on localhost,
   * 127.0.0.0/8 and [::1], and pages of the host the connection was made to
   * (the demo page however it is reached), are allowed for every organisation.
   */
  development: boolean;
  /** SKRANKE_PUBLIC_URL: this server's own pages (the demo page) are always allowed. */
  publicUrl: string | undefined;
}

export type OriginVerdict = { allowed: true } | { allowed: false; origin: string };

/**
 * The Origin check of the /widget handshake. Browsers send the Origin of the
 * page on every WebSocket and cross-site polling request and a page cannot
 * change it, so a site that is not listed cannot embed the organisation's
 * widget. A connection without an Origin is not a browser on another site
 * (same-site polling, or a program, which could send any Origin anyway) and is
 * not refused here; tokens and rate limits apply to it as to every connection.
 */
export function checkWidgetOrigin(
  originHeader: string | string[] | undefined,
  hostHeader: string | undefined,
  org: Organisation,
  rules: WidgetOriginRules,
): OriginVerdict {
  if (originHeader === undefined) return { allowed: true };
  const raw = Array.isArray(originHeader) ? originHeader.join(",") : originHeader;
  const origin = normalise(raw);
  const refused: OriginVerdict = { allowed: false, origin: raw.slice(0, 200) };
  if (!origin) return refused;
  if (org.allowedOrigins.includes(origin.origin)) return { allowed: true };
  if (rules.publicUrl && normalise(rules.publicUrl)?.origin === origin.origin) return { allowed: true };
  if (rules.development && (isLoopback(origin.hostname) || origin.host === hostHeader?.toLowerCase())) {
    return { allowed: true };
  }
  return refused;
}

function normalise(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined; // "null" (sandboxed frames, file:), garbage
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
