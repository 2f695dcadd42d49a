import type { ServiceUrlPattern } from "../../config/botframework-settings.js";
import type { AppConfig } from "../../config/config.js";

/**
 * Bot Framework's own serviceUrl hosts (https only, default port): the
 * channels of Azure Bot Service (`*.botframework.com`: Web Chat, Direct Line
 * and its regional hosts, Slack, Facebook, Telegram, …), Microsoft Teams
 * (public cloud, GCC, GCC High, DoD) and the channel services of Azure
 * Government and Azure China.
 */
export const BOT_FRAMEWORK_SERVICE_HOSTS: readonly string[] = [
  "*.botframework.com",
  "smba.trafficmanager.net",
  "smba.infra.gcc.teams.microsoft.com",
  "smba.infra.gov.teams.microsoft.us",
  "smba.infra.dod.teams.microsoft.us",
  "*.botframework.azure.us",
  "*.botframework.azure.cn",
];

const BUILT_IN: ServiceUrlPattern[] = BOT_FRAMEWORK_SERVICE_HOSTS.map((host) => ({
  protocol: "https:",
  host,
  port: "",
}));

/**
 * Which serviceUrls the bot may send to (server-side request forgery
 * defence): Bot Framework's own hosts when authenticated, loopback (the
 * Emulator on this machine) when unauthenticated, nothing when the endpoint
 * is disabled; plus, in the first two modes, the origins an operator lists in
 * SKRANKE_BOTFRAMEWORK_SERVICE_URLS.
 */
export class ServiceUrlPolicy {
  private readonly patterns: ServiceUrlPattern[];
  private readonly loopback: boolean;

  constructor(settings: Pick<AppConfig["botFramework"], "mode" | "serviceUrls">) {
    this.loopback = settings.mode === "unauthenticated";
    this.patterns =
      settings.mode === "disabled"
        ? []
        : [...(settings.mode === "authenticated" ? BUILT_IN : []), ...settings.serviceUrls];
  }

  allows(serviceUrl: unknown): boolean {
    if (typeof serviceUrl !== "string" || serviceUrl.length > 2048) return false;
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    if (url.username || url.password) return false;
    if (this.loopback && isLoopback(url.hostname)) return true;
    return this.patterns.some(
      (p) => p.protocol === url.protocol && p.port === url.port && hostMatches(p.host, url.hostname),
    );
  }
}

/** A refused serviceUrl: nothing is sent there. */
export class ServiceUrlRefusedError extends Error {
  constructor(serviceUrl: unknown) {
    super(`serviceUrl ${JSON.stringify(String(serviceUrl).slice(0, 200))} is not allowed`);
    this.name = "ServiceUrlRefusedError";
  }
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern.startsWith("*.")) {
    const domain = pattern.slice(1); // ".botframework.com"
    return hostname.endsWith(domain) && hostname.length > domain.length;
  }
  return hostname === pattern;
}

/** localhost, 127.0.0.0/8 and ::1 (URL has already normalised the host: lower case, dotted IPv4, [::1]). */
function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) ||
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname)
  );
}
