import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { duration } from "../format.js";
import { type TextKey, t } from "../i18n.js";

/** The supervisor view: queue length, longest wait, agents online, handled and abandoned today. */
export function overviewView(app: ConsoleApp): Node[] {
  const overviews = [...app.state.overviews.values()].sort((a, b) =>
    a.organisationName.localeCompare(b.organisationName),
  );
  return [
    h("h2", { id: "overview-title" }, t("overview")),
    ...overviews.map((o) => {
      const figure = (key: TextKey, value: string | number) =>
        h("div", { class: "figure" }, h("dt", {}, t(key)), h("dd", {}, String(value)));
      return h(
        "section",
        { class: "org-overview", "aria-label": o.organisationName },
        overviews.length > 1 ? h("h3", {}, o.organisationName) : null,
        h(
          "dl",
          { class: "figures" },
          figure("queueLength", o.queueLength),
          figure("longestWait", duration(o.longestWaitSeconds)),
          figure("agentsOnline", o.agentsOnline),
          figure("agentsAway", o.agentsAway),
          figure("handledToday", o.handledToday),
          figure("abandonedToday", o.abandonedToday),
        ),
        h("h4", {}, t("agents")),
        h(
          "ul",
          { class: "agents" },
          o.agents.map((a) =>
            h(
              "li",
              { class: `agent ${a.presence}` },
              h("span", { class: "name" }, a.displayName),
              " – ",
              t(a.presence),
              ", ",
              t("load", { active: a.activeChats, max: a.maxConcurrentChats }),
            ),
          ),
        ),
      );
    }),
  ];
}
