import type { StaffUser } from "../../src/protocol/agent.js";
import * as api from "./api.js";
import { ConsoleApp } from "./console-app.js";
import { lang, setLang } from "./i18n.js";
import { showComplianceOnly, showLogin } from "./views/login-view.js";

/** Entry point of /agent-console/: log in (or resume this tab's session), then run the console. */
function start(root: HTMLElement): void {
  setLang(lang());
  const loggedOut = (message?: string) => showLogin(root, loggedIn, message);
  const loggedIn = (token: string, user: StaffUser) => {
    if (user.role === "compliance") {
      showComplianceOnly(root, () => void api.logout(token).then(() => loggedOut()));
      return;
    }
    new ConsoleApp(root, token, user, loggedOut);
  };
  const token = api.storedToken();
  if (!token) {
    loggedOut();
    return;
  }
  void api.me(token).then((user) => (user ? loggedIn(token, user) : loggedOut()));
}

const root = document.getElementById("app");
if (root) start(root);
