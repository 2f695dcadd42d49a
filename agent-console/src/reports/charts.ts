/**
 * Hand-made SVG charts for the reports view: no library, no inline script,
 * nothing fetched (the console's CSP holds). Each chart is an image with a
 * title and a description for screen readers; the same figures are in the
 * table beside it.
 */
const NS = "http://www.w3.org/2000/svg";
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

function s(tag: string, attrs: Record<string, string | number> = {}, ...children: Array<Node | string>): SVGElement {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(typeof c === "string" ? document.createTextNode(c) : c);
  return el;
}

export interface Series {
  label: string;
  color: string;
  values: Array<number | null>;
}

interface Frame {
  svg: SVGElement;
  x: (i: number) => number;
  y: (v: number) => number;
  step: number;
}

/** A "nice" upper bound for the y axis: 1, 2 or 5 times a power of ten. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * power >= max) return m * power;
  return 10 * power;
}

function frame(id: string, title: string, desc: string, labels: readonly string[], max: number, unit: string): Frame {
  const svg = s("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-labelledby": `${id}-title ${id}-desc`,
    class: "chart",
    id,
  });
  svg.append(s("title", { id: `${id}-title` }, title), s("desc", { id: `${id}-desc` }, desc));
  const inner = WIDTH - PAD.left - PAD.right;
  const step = inner / Math.max(1, labels.length);
  const y = (v: number) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - v / max);
  const axis = s("g", { class: "axis", "aria-hidden": "true" });
  for (const v of [0, max / 2, max]) {
    axis.append(
      s("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v), stroke: "#c9ced6" }),
      s("text", { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end" }, formatTick(v)),
    );
  }
  axis.append(s("text", { x: 4, y: PAD.top + 4 }, unit));
  const picks = labels.length <= 1 ? [0] : [0, Math.floor((labels.length - 1) / 2), labels.length - 1];
  for (const i of new Set(picks)) {
    const anchor = i === 0 ? "start" : i === labels.length - 1 ? "end" : "middle";
    const at = PAD.left + step * i + (anchor === "end" ? step : anchor === "start" ? 0 : step / 2);
    axis.append(s("text", { x: at, y: HEIGHT - 8, "text-anchor": anchor }, labels[i] ?? ""));
  }
  svg.append(axis);
  return { svg, x: (i) => PAD.left + step * i, y, step };
}

function formatTick(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** Stacked bars, one per label; each series is one layer from the bottom. */
export function stackedBars(
  id: string,
  title: string,
  desc: string,
  labels: readonly string[],
  series: readonly Series[],
): SVGElement {
  const totals = labels.map((_, i) => series.reduce((sum, x) => sum + (x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const f = frame(id, title, desc, labels, max, "");
  const bars = s("g", { "aria-hidden": "true" });
  const gap = f.step > 4 ? 1 : 0;
  labels.forEach((label, i) => {
    let base = 0;
    for (const x of series) {
      const v = x.values[i] ?? 0;
      if (v <= 0) continue;
      const top = f.y(base + v);
      bars.append(
        s(
          "rect",
          { x: f.x(i) + gap / 2, y: top, width: Math.max(0.5, f.step - gap), height: f.y(base) - top, fill: x.color },
          s("title", {}, `${label}: ${x.label} ${v}`),
        ),
      );
      base += v;
    }
  });
  f.svg.append(bars);
  return f.svg;
}

/** Lines through the values of each series; a missing value breaks the line. */
export function lines(
  id: string,
  title: string,
  desc: string,
  labels: readonly string[],
  series: readonly Series[],
  unit: string,
): SVGElement {
  const all = series.flatMap((x) => x.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...all));
  const f = frame(id, title, desc, labels, max, unit);
  const g = s("g", { "aria-hidden": "true" });
  for (const x of series) {
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1)
        g.append(s("polyline", { points: run.join(" "), fill: "none", stroke: x.color, "stroke-width": 2 }));
      if (run.length === 1) {
        const [cx, cy] = (run[0] as string).split(",");
        g.append(s("circle", { cx: cx as string, cy: cy as string, r: 2.5, fill: x.color }));
      }
      run = [];
    };
    x.values.forEach((v, i) => {
      if (v === null) flush();
      else run.push(`${(f.x(i) + f.step / 2).toFixed(1)},${f.y(v).toFixed(1)}`);
    });
    flush();
  }
  f.svg.append(g);
  return f.svg;
}
