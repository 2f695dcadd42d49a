/**
 * A tiny DOM builder. Text always goes in through text nodes (textContent),
 * never as HTML: customer, agent and bot text cannot become markup.
 */
type Child = Node | string | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | ((ev: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (v === true) el.setAttribute(k, "");
      else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

export function text(el: Element, value: string): void {
  el.textContent = value;
}

export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

const SVG = "http://www.w3.org/2000/svg";

/** A 24×24 stroke icon from constant path data (decorative: hidden from assistive technology). */
export function icon(paths: string, size = 22): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of [
    ["viewBox", "0 0 24 24"],
    ["width", String(size)],
    ["height", String(size)],
    ["fill", "none"],
    ["stroke", "currentColor"],
    ["stroke-width", "2"],
    ["stroke-linecap", "round"],
    ["stroke-linejoin", "round"],
    ["aria-hidden", "true"],
    ["focusable", "false"],
  ]) {
    svg.setAttribute(k as string, v as string);
  }
  for (const d of paths.split("|")) {
    const p = document.createElementNS(SVG, "path");
    p.setAttribute("d", d);
    svg.appendChild(p);
  }
  return svg;
}

export const ICONS = {
  chat: "M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-5A8 8 0 1 1 21 12z",
  close: "M6 6l12 12|M18 6L6 18",
  minimize: "M6 9l6 6 6-6",
  send: "M4 12l16-8-6 16-2-7-8-1z",
  download: "M12 4v11|M7 10l5 5 5-5|M5 20h14",
  person: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z|M4 21a8 8 0 0 1 16 0",
  bot: "M5 9h14v10H5z|M12 4v5|M9 14h.01|M15 14h.01",
  thumbUp: "M7 11v9H4v-9h3zm0 0l4-7a2 2 0 0 1 3 2l-1 4h5a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 16.7 21H7",
  thumbDown: "M7 13V4H4v9h3zm0 0l4 7a2 2 0 0 0 3-2l-1-4h5a2 2 0 0 0 2-2.3l-1.3-7A2 2 0 0 0 16.7 3H7",
  star: "M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z",
  alert: "M12 8v5|M12 16h.01|M10.3 3.9L2.4 18a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z",
};
