import { describe, expect, it } from "vitest";
import { ServiceUrlPolicy } from "../../src/channels/botframework/service-url-policy.js";
import { parseServiceUrlPattern } from "../../src/config/botframework-settings.js";

const listed = ["https://*.directline.example.no", "http://10.0.0.5:9000"].map((e) => {
  const p = parseServiceUrlPattern(e);
  if (!p) throw new Error(e);
  return p;
});

describe("serviceUrls the bot may send to", () => {
  const authenticated = new ServiceUrlPolicy({ mode: "authenticated", serviceUrls: [] });
  const emulator = new ServiceUrlPolicy({ mode: "unauthenticated", serviceUrls: [] });

  it.each([
    "https://smba.trafficmanager.net/emea/",
    "https://smba.trafficmanager.net/teams/",
    "https://webchat.botframework.com/",
    "https://europe.directline.botframework.com/",
    "https://SLACK.botframework.com/",
    "https://smba.infra.gcc.teams.microsoft.com/teams",
    "https://smba.infra.gov.teams.microsoft.us/",
    "https://smba.infra.dod.teams.microsoft.us/",
    "https://webchat.botframework.azure.us/",
    "https://directline.botframework.azure.cn/",
    "https://webchat.botframework.com:443/",
  ])("authenticated: allows Bot Framework's %s", (url) => {
    expect(authenticated.allows(url)).toBe(true);
  });

  it.each([
    "http://webchat.botframework.com/",
    "https://webchat.botframework.com:8443/",
    "https://botframework.com/",
    "https://evilbotframework.com/",
    "https://webchat.botframework.com.evil.example/",
    "https://smba.trafficmanager.net.evil.example/",
    "https://user:pw@webchat.botframework.com/",
    "http://localhost:3978/",
    "http://127.0.0.1:9000/",
    "http://169.254.169.254/",
    "ftp://webchat.botframework.com/",
    "",
    "//webchat.botframework.com/",
    42,
    undefined,
  ])("authenticated: refuses %s", (url) => {
    expect(authenticated.allows(url)).toBe(false);
  });

  it.each([
    "http://localhost:3978/",
    "http://127.0.0.1:9000/",
    "http://127.1.2.3/",
    "http://2130706433:8000/",
    "http://[::1]:3000/",
    "http://[::ffff:127.0.0.1]:3000/",
    "https://localhost/",
  ])("unauthenticated (Emulator): allows loopback %s", (url) => {
    expect(emulator.allows(url)).toBe(true);
  });

  it.each([
    "https://webchat.botframework.com/",
    "http://10.0.0.5:9000/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00::2]:80/",
    "http://localhost.evil.example/",
    "http://0.0.0.0:3978/",
    "file:///etc/passwd",
  ])("unauthenticated (Emulator): refuses %s", (url) => {
    expect(emulator.allows(url)).toBe(false);
  });

  it("adds the listed origins to either mode, matching scheme, host and port exactly", () => {
    for (const mode of ["authenticated", "unauthenticated"] as const) {
      const policy = new ServiceUrlPolicy({ mode, serviceUrls: listed });
      expect(policy.allows("https://eu.directline.example.no/v3/")).toBe(true);
      expect(policy.allows("https://directline.example.no/")).toBe(false);
      expect(policy.allows("http://eu.directline.example.no/")).toBe(false);
      expect(policy.allows("http://10.0.0.5:9000/api/")).toBe(true);
      expect(policy.allows("http://10.0.0.5:9001/")).toBe(false);
      expect(policy.allows("http://10.0.0.5/")).toBe(false);
    }
  });

  it("allows nothing while the endpoint is disabled", () => {
    const policy = new ServiceUrlPolicy({ mode: "disabled", serviceUrls: listed });
    expect(policy.allows("https://webchat.botframework.com/")).toBe(false);
    expect(policy.allows("http://localhost:3978/")).toBe(false);
    expect(policy.allows("http://10.0.0.5:9000/")).toBe(false);
  });
});
