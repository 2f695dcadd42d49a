import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { type TextKey, t } from "../i18n.js";
import { type ListTab, queueItems } from "../state.js";

const TABS: ReadonlyArray<{ id: ListTab; label: TextKey }> = [
  { id: "queue", label: "tabQueue" },
  { id: "mine", label: "tabMine" },
  { id: "inbox", label: "tabInbox" },
];

/** The list pane's tabs: the queue, my chats (with unread messages) and messages customers left, each with its count. */
export function listTabs(app: ConsoleApp): HTMLElement {
  const s = app.state;
  const counts: Record<ListTab, number> = {
    queue: queueItems(s).length,
    mine: s.mine.length,
    inbox: s.offline.total,
  };
  const unread = [...s.unread.values()].reduce((a, b) => a + b, 0);
  const keys = (e: KeyboardEvent) => {
    const i = TABS.findIndex((x) => x.id === s.listTab);
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length];
    if (next) app.showList(next.id, { focusTab: true });
  };
  return h(
    "div",
    { class: "tabs", role: "tablist", "aria-label": t("listsAria") },
    TABS.map((tab) => {
      const selected = s.listTab === tab.id;
      return h(
        "button",
        {
          type: "button",
          role: "tab",
          id: `tab-${tab.id}`,
          "aria-selected": String(selected),
          "aria-controls": `list-${tab.id}`,
          tabindex: selected ? "0" : "-1",
          onclick: () => app.showList(tab.id),
          onkeydown: (e: Event) => keys(e as KeyboardEvent),
        },
        t(tab.label),
        " ",
        h("span", { class: `count${counts[tab.id] > 0 ? " has-items" : ""}` }, String(counts[tab.id])),
        tab.id === "mine" && unread > 0
          ? h("span", { class: "badge unread", title: t("unreadCount", { n: unread }) }, `${unread}`)
          : null,
        tab.id === "mine" && unread > 0
          ? h("span", { class: "visually-hidden" }, ` ${t("unreadCount", { n: unread })}`)
          : null,
      );
    }),
  );
}
