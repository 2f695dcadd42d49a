import { Chat } from "./chat.js";
import { pickLang } from "./i18n.js";

/**
 * Entry point of widget.js. Embedding is one tag:
 *   <script src="https://HOST/widget.js" data-org="ror-ikt" async></script>
 * Optional: data-lang="nb|en" (else the page's lang; Norwegian by default),
 * data-server="https://HOST" (else the origin widget.js was loaded from).
 */
function boot(): void {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>("script[data-org][src*='widget']");
  const org = script?.dataset.org?.trim();
  if (!script || !org) {
    console.warn("Skranke: add data-org to the widget's script tag");
    return;
  }
  const w = window as Window & { __skranke?: Record<string, boolean> };
  w.__skranke ??= {};
  if (w.__skranke[org]) return;
  w.__skranke[org] = true;
  const url = (script.dataset.server || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  const lang = pickLang(script.dataset.lang, document.documentElement.lang);
  const mount = () => {
    const host = document.createElement("div");
    host.setAttribute("data-skranke", org);
    document.body.appendChild(host);
    const shadow = host.attachShadow({ mode: "open" });
    new Chat({ shadow, url, org, lang }).start();
  };
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
}

boot();
