import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { t, tOr } from "../i18n.js";

/** Transfer, hand back to the bot, close with a resolution. */
export function actionsView(app: ConsoleApp): Node[] {
  const { agents, current, resolutions } = app.state;
  const holder = current?.assignedAgent?.id;
  const targets = agents.filter((a) => a.id !== holder && a.presence !== "offline");
  const target = h(
    "select",
    { id: "transfer-target" },
    h("option", { value: "" }, t("toQueue")),
    targets.map((a) =>
      h(
        "option",
        { value: a.id },
        `${a.displayName} (${t(a.presence)}, ${t("load", { active: a.activeChats, max: a.maxConcurrentChats })})`,
      ),
    ),
  );
  const resolution = h(
    "select",
    { id: "resolution" },
    resolutions.map((r) => h("option", { value: r }, tOr(`resolution_${r}`, r))),
  );
  return [
    h("h3", { id: "actions-title" }, t("actions")),
    h(
      "div",
      { class: "row" },
      h("label", { for: "transfer-target" }, t("transferTo")),
      target,
      h(
        "button",
        { type: "button", id: "transfer", onclick: () => void app.transfer(target.value || null) },
        t("transfer"),
      ),
    ),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", id: "release", onclick: () => void app.release() }, t("release")),
    ),
    h(
      "div",
      { class: "row" },
      h("label", { for: "resolution" }, t("resolution")),
      resolution,
      h(
        "button",
        { type: "button", id: "close", class: "danger", onclick: () => void app.close(resolution.value) },
        t("close"),
      ),
    ),
  ];
}
