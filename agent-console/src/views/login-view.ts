import type { StaffUser } from "../../../src/protocol/agent.js";
import { LoginError, login } from "../api.js";
import { fill, h } from "../dom.js";
import { lang, setLang, t } from "../i18n.js";

const MESSAGES: Record<string, Parameters<typeof t>[0]> = {
  invalid_credentials: "badCredentials",
  locked: "locked",
  disabled: "disabled",
  rate_limited: "rateLimited",
};

/** The login form (POST /api/auth/login). */
export function showLogin(
  root: HTMLElement,
  onLoggedIn: (token: string, user: StaffUser) => void,
  message?: string,
): void {
  document.title = t("appTitle");
  const email = h("input", { id: "email", name: "email", type: "email", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const status = h("p", { id: "login-status", class: message ? "error" : "", role: "alert" }, message ?? "");
  const button = h("button", { type: "submit" }, t("login"));
  const form = h(
    "form",
    {
      class: "login",
      "aria-labelledby": "login-title",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        button.disabled = true;
        status.className = "";
        status.textContent = t("loggingIn");
        try {
          const { token, user } = await login(email.value, password.value);
          onLoggedIn(token, user);
        } catch (err) {
          const code = err instanceof LoginError ? err.code : "failed";
          status.className = "error";
          status.textContent = t(MESSAGES[code] ?? "loginFailed");
          button.disabled = false;
          password.value = "";
          password.focus();
        }
      },
    },
    h("h1", { id: "login-title" }, t("appTitle")),
    h("h2", {}, t("loginTitle")),
    h("label", { for: "email" }, t("email")),
    email,
    h("label", { for: "password" }, t("password")),
    password,
    status,
    button,
    h(
      "button",
      {
        type: "button",
        class: "link",
        onclick: () => {
          setLang(lang() === "nb" ? "en" : "nb");
          showLogin(root, onLoggedIn);
        },
      },
      t("otherLanguage"),
    ),
  );
  fill(root, h("main", { id: "main", class: "login-page" }, form));
  email.focus();
}

/** For staff without chat access (compliance): only the way to their page. */
export function showComplianceOnly(root: HTMLElement, onLogout: () => void): void {
  fill(
    root,
    h(
      "main",
      { id: "main", class: "login-page" },
      h(
        "div",
        { class: "login" },
        h("h1", {}, t("appTitle")),
        h("p", {}, t("complianceOnly")),
        h("p", {}, h("a", { href: "compliance.html" }, t("compliance"))),
        h("button", { type: "button", onclick: onLogout }, t("logout")),
      ),
    ),
  );
}
