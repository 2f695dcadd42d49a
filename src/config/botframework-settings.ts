import { z } from "zod";

/**
 * The settings of the Bot Framework endpoint (/api/messages) beyond
 * Microsoft's own MicrosoftApp* variables: whether it runs unauthenticated
 * (an explicit choice, for the Bot Framework Emulator), which service URLs
 * the bot may reply to, and how many requests a client address may send.
 * Documented in README.md ("Configuration") and docs/security.md.
 */

/**
 * How /api/messages runs: `authenticated` (MicrosoftAppId set: every
 * activity carries a Bot Framework token), `unauthenticated`
 * (SKRANKE_BOTFRAMEWORK_AUTH=off: the Emulator on a developer's machine) or
 * `disabled` (neither: the route answers 503 and the bot sends nothing to
 * Bot Framework channels).
 */
export type BotFrameworkEndpointMode = "authenticated" | "unauthenticated" | "disabled";

/** One allowed serviceUrl origin: `https://host[:port]`, the host optionally `*.domain` (any subdomain). */
export interface ServiceUrlPattern {
  protocol: "http:" | "https:";
  /** Lower case; a leading `*.` matches one or more labels in front of the rest. */
  host: string;
  /** The port as URL gives it: "" for the protocol's default. */
  port: string;
}

/** `SKRANKE_BOTFRAMEWORK_AUTH`: `on`, `off` or unset. */
export const botFrameworkAuthSetting = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    const value = v.toLowerCase();
    if (value !== "on" && value !== "off") {
      ctx.addIssue({
        code: "custom",
        message: "must be on (MicrosoftAppId required) or off (unauthenticated, for the Bot Framework Emulator)",
      });
      return z.NEVER;
    }
    return value;
  });

/** `SKRANKE_BOTFRAMEWORK_SERVICE_URLS`: a comma-separated list of origins, e.g. `https://*.example.no,http://10.0.0.5:9000`. */
export const serviceUrlsSetting = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const entries = (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const patterns: ServiceUrlPattern[] = [];
    for (const entry of entries) {
      const pattern = parseServiceUrlPattern(entry);
      if (!pattern) {
        ctx.addIssue({
          code: "custom",
          message: `has "${entry}": each entry must be an origin such as https://directline.example.no or https://*.example.no (no path, user or query)`,
        });
        return z.NEVER;
      }
      patterns.push(pattern);
    }
    return patterns;
  });

/** Parses `https://host[:port]` or `https://*.domain[:port]`; undefined when it is anything else. */
export function parseServiceUrlPattern(entry: string): ServiceUrlPattern | undefined {
  const wildcard = /^(https?:\/\/)\*\.(.+)$/i.exec(entry);
  const probe = wildcard ? `${wildcard[1]}wildcard.${wildcard[2]}` : entry;
  let url: URL;
  try {
    url = new URL(probe);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (url.pathname !== "/" || /^https?:\/\/[^/]+\/./i.test(entry)) return undefined;
  if (url.hostname === "" || url.hostname.includes("*")) return undefined;
  const host = wildcard ? `*.${url.hostname.slice("wildcard.".length)}` : url.hostname;
  if (wildcard && !host.slice(2).includes(".")) return undefined; // `*.com` is not a site
  return { protocol: url.protocol, host, port: url.port };
}
