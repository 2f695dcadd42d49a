import { LoginError, login, logout, me, storedToken } from "../api.js";
import { lang, setLang } from "../i18n.js";
import { initAnalytics } from "./analytics-panel.js";
import { initAudit, loadAudit } from "./audit-panel.js";
import { initHolds, loadHolds } from "./holds-panel.js";
import { $, guard, status } from "./page.js";
import { fillOrganisationSelects, initPolicies, loadPolicies } from "./policies-panel.js";
import { initPurge, loadRuns } from "./purge-panel.js";
import { whenSessionEnds } from "./request.js";
import { initSubjects } from "./subjects-panel.js";
import { type ComplianceText, ct } from "./texts.js";

/**
 * Entry point of /agent-console/compliance.html: log in with the console's
 * login (the tab's session is shared with the console), then the panels.
 * Every label is in one language, chosen with the switch in the header and
 * remembered (the console's choice, the same key). Data is put on the page
 * as text, never as HTML.
 */
const TABS = ["policies", "purge", "holds", "subjects", "analytics", "audit"] as const;
type Tab = (typeof TABS)[number];
const loaders: Record<Tab, () => Promise<void>> = {
  policies: loadPolicies,
  purge: loadRuns,
  holds: loadHolds,
  subjects: async () => {},
  analytics: async () => {},
  audit: loadAudit,
};
let current: Tab = "policies";
let signedIn = false;

/** Puts the chosen language's text into every element marked data-t (and aria-label into data-t-label). */
function applyTexts(): void {
  document.title = ct("pageTitle");
  for (const el of document.querySelectorAll<HTMLElement>("[data-t]")) {
    el.textContent = ct(el.dataset.t as ComplianceText);
  }
  for (const el of document.querySelectorAll<HTMLElement>("[data-t-label]")) {
    el.setAttribute("aria-label", ct(el.dataset.tLabel as ComplianceText));
  }
  const switcher = $("#lang-switch");
  switcher.textContent = ct("otherLanguage");
  switcher.setAttribute("lang", lang() === "nb" ? "en" : "nb");
  switcher.setAttribute("aria-label", ct("otherLanguageName"));
  fillOrganisationSelects();
}

function selectTab(name: Tab): void {
  current = name;
  for (const b of document.querySelectorAll<HTMLButtonElement>("nav button[data-tab]")) {
    if (b.dataset.tab === name) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  for (const p of document.querySelectorAll<HTMLElement>("[data-panel]")) p.hidden = p.dataset.panel !== name;
  void guard(loaders[name])(new Event("load"));
}

function showLoggedOut(message = "", isError = false): void {
  signedIn = false;
  $("#who").hidden = true;
  $("#app-view").hidden = true;
  $("#login-view").hidden = false;
  status(message, isError);
}

async function showApp(token: string): Promise<void> {
  const user = await me(token);
  if (!user) return showLoggedOut();
  if (user.role !== "compliance" && user.role !== "admin") {
    await logout(token);
    return showLoggedOut(ct("complianceOnly"), true);
  }
  signedIn = true;
  $("#who-name").textContent = user.displayName;
  $("#who").hidden = false;
  $("#login-view").hidden = true;
  $("#app-view").hidden = false;
  status("");
  await loadPolicies();
  selectTab("policies");
}

const LOGIN_ERRORS: Record<string, ComplianceText> = {
  invalid_credentials: "badCredentials",
  locked: "locked",
  disabled: "disabled",
  rate_limited: "rateLimited",
};

function start(): void {
  setLang(lang());
  applyTexts();
  $("#lang-switch").addEventListener("click", () => {
    setLang(lang() === "nb" ? "en" : "nb");
    applyTexts();
    status("");
    if (signedIn) selectTab(current);
  });
  $("#login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = event.target as HTMLFormElement;
    const field = (name: string) => f.elements.namedItem(name) as HTMLInputElement;
    try {
      const { token } = await login(field("email").value, field("password").value);
      field("password").value = "";
      await showApp(token);
    } catch (err) {
      const code = err instanceof LoginError ? err.code : "failed";
      status(ct(LOGIN_ERRORS[code] ?? "loginFailed"), true);
    }
  });
  $("#logout").addEventListener("click", () => {
    void logout(storedToken()).then(() => showLoggedOut());
  });
  for (const b of document.querySelectorAll<HTMLButtonElement>("nav button[data-tab]")) {
    b.addEventListener("click", () => selectTab(b.dataset.tab as Tab));
  }
  whenSessionEnds(() => {
    void logout(null);
    showLoggedOut(ct("sessionEnded"), true);
  });
  initPolicies();
  initPurge();
  initHolds();
  initSubjects();
  initAnalytics();
  initAudit();
  const token = storedToken();
  if (token) void showApp(token);
}

start();
