import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type restify from "restify";
import { RUNS_FROM_BUILD } from "../../config/install-paths.js";
import type { Logger } from "../../observability/logger.js";
import { BUILT_WIDGET, buildWidget, WIDGET_OUT, WIDGET_ROOT, widgetIsStale } from "./widget-bundle.js";

/**
 * The demo page's policy: scripts only from this server (widget.js), styles
 * inline (the page's own <style> and the widget's Shadow DOM sheet), the
 * data: favicon, Socket.IO to this server, and no framing by other sites.
 */
const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * GET /widget.js — the website widget (built by widget-bundle.ts), gzipped
 * when the browser accepts it, cacheable with an ETag, loadable from any site.
 * GET /         — the demo page: the widget on a sample page, one tab per
 *                 organisation in the knowledge base (?org=…&lang=nb|en).
 */
export function registerWidgetRoutes(
  server: restify.Server,
  options: { knowledgeDir: string; publicUrl?: string | undefined; logger: Logger },
): void {
  const { logger } = options;
  let current: Promise<Asset> | undefined;
  let loadedMtime = -1;
  let checkedAt = 0;

  /** The current widget.js: rebuilt when its sources changed, re-read when dist/widget.js changed on disk. */
  const load = (): Promise<Asset> => {
    // The compiled server serves the bundle `npm run build` made, as it is.
    if (RUNS_FROM_BUILD) {
      current ??= readFile(BUILT_WIDGET).then(asset);
      return current;
    }
    const now = Date.now();
    if (current && now - checkedAt < 2000) return current;
    checkedAt = now;
    const stale = widgetIsStale();
    const mtime = stale ? -1 : mtimeOf(WIDGET_OUT);
    if (current && !stale && mtime === loadedMtime) return current;
    const previous = current;
    current = (async () => {
      if (stale) {
        logger.info("building web-widget/dist/widget.js");
        const built = await buildWidget();
        loadedMtime = mtimeOf(WIDGET_OUT);
        return asset(built.code);
      }
      loadedMtime = mtime;
      return asset(readFileSync(WIDGET_OUT));
    })();
    current.catch((err: unknown) => {
      logger.error({ err }, "widget build failed");
      current = previous;
      loadedMtime = -1;
    });
    return current;
  };
  // Start early so the first page view does not wait for the build.
  load().catch(() => {});

  server.get("/widget.js", async (req, res) => {
    let a: Asset;
    try {
      a = await load();
    } catch {
      res.status(503);
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("widget unavailable");
      return;
    }
    res.setHeader("content-type", "text/javascript; charset=utf-8");
    res.setHeader("cache-control", "public, max-age=300, must-revalidate");
    res.setHeader("etag", a.etag);
    res.setHeader("vary", "Accept-Encoding");
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("cross-origin-resource-policy", "cross-origin");
    res.setHeader("x-content-type-options", "nosniff");
    if (req.header("if-none-match") === a.etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.header("accept-encoding") ?? "");
    const body = gzip ? a.gzip : a.code;
    if (gzip) res.setHeader("content-encoding", "gzip");
    res.setHeader("content-length", String(body.length));
    res.writeHead(200);
    res.end(body);
  });

  const orgs = loadOrganisations(options.knowledgeDir, logger);
  const template = readFileSync(path.join(WIDGET_ROOT, "demo", "index.html"), "utf8");

  server.get("/", async (req, res) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const lang: DemoLang = query.lang === "en" ? "en" : "nb";
    const wanted = typeof query.org === "string" ? query.org : "";
    const org = orgs.find((o) => o.slug === wanted) ?? orgs.find((o) => o.slug === "ror-ikt") ?? orgs[0];
    const origin = options.publicUrl ?? requestOrigin(req);
    const html = org ? renderDemo(template, orgs, org, lang, origin) : noOrganisations(lang);
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.setHeader("cache-control", "no-store");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "same-origin");
    res.setHeader("content-security-policy", DEMO_CSP);
    res.setHeader("x-frame-options", "DENY");
    res.writeHead(200);
    res.end(html);
  });
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

interface Asset {
  code: Buffer;
  gzip: Buffer;
  etag: string;
}

function asset(code: Buffer): Asset {
  return { code, gzip: gzipSync(code, { level: 9 }), etag: `"${createHash("sha1").update(code).digest("base64url")}"` };
}

type DemoLang = "nb" | "en";

interface DemoOrg {
  slug: string;
  name: Record<DemoLang, string>;
  hours: Record<DemoLang, string>;
  questions: Record<DemoLang, string[]>;
}

/** The organisations in the knowledge base, read once: names, opening hours and a few sample questions. */
export function loadOrganisations(knowledgeDir: string, logger?: Logger): DemoOrg[] {
  const out: DemoOrg[] = [];
  let dirs: string[] = [];
  try {
    dirs = readdirSync(knowledgeDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    logger?.warn({ knowledgeDir }, "demo page: knowledge directory not found");
  }
  for (const dir of dirs) {
    const file = path.join(knowledgeDir, dir, "organisation.json");
    if (!existsSync(file)) continue;
    try {
      const o = JSON.parse(readFileSync(file, "utf8")) as {
        slug?: string;
        name?: Partial<Record<DemoLang, string>>;
        openingHours?: { summary?: Partial<Record<DemoLang, string>> };
      };
      if (typeof o.slug !== "string") continue;
      const nbName = o.name?.nb ?? o.slug;
      out.push({
        slug: o.slug,
        name: { nb: nbName, en: o.name?.en ?? nbName },
        hours: { nb: o.openingHours?.summary?.nb ?? "", en: o.openingHours?.summary?.en ?? "" },
        questions: sampleQuestions(path.join(knowledgeDir, dir, "entries")),
      });
    } catch (err) {
      logger?.warn({ err, file }, "demo page: could not read organisation");
    }
  }
  return out;
}

/** The first question of the first entry in each entries file, up to four. */
function sampleQuestions(dir: string): Record<DemoLang, string[]> {
  const q: Record<DemoLang, string[]> = { nb: [], en: [] };
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch {
    return q;
  }
  const preferred = ["contact.json", "hours.json"];
  files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  function rank(f: string): number {
    const i = preferred.indexOf(f);
    return i < 0 ? preferred.length : i;
  }
  for (const f of files) {
    try {
      const entries = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Array<{
        questions?: Partial<Record<DemoLang, string[]>>;
      }>;
      const e = Array.isArray(entries) ? entries[0] : undefined;
      for (const lang of ["nb", "en"] as const) {
        const first = e?.questions?.[lang]?.[0];
        if (first && q[lang].length < 4) q[lang].push(first);
      }
    } catch {
      /* a broken file is the knowledge loader's problem, not the demo's */
    }
  }
  return q;
}

const TEXT = {
  nb: {
    pageTitle: (org: string) => `Skranke – demo: ${org}`,
    skip: "Hopp til innholdet",
    tagline: "Kundeservice-chat med kunnskapsbot og overføring til rådgiver",
    langLabel: "Språk",
    heading: "Prøv chatten",
    lead: "Velg en organisasjon og åpne chatten med knappen nede til høyre. Boten svarer fra organisasjonens kunnskapsbase, og «Snakk med en rådgiver» setter deg i kø til et menneske.",
    orgsLabel: "Organisasjoner",
    orgIntro: "Dette er en eksempelside med chat-widgeten slik den ser ut på organisasjonens nettsted.",
    tryHeading: "Prøv å spørre",
    openHint: "Åpne chatten nede til høyre",
    embedHeading: "Slik legger du den inn",
    embedText: "Én linje i nettstedets HTML. Widgeten har egne stiler (Shadow DOM) og påvirker ikke siden den står på.",
    testHeading: "Verdt å prøve",
    steps: [
      "Still et spørsmål, og last så siden på nytt: samtalen er der fortsatt.",
      "Slå av nettverket, skriv en melding og slå det på igjen: meldingen sendes nøyaktig én gang.",
      "Trykk «Snakk med en rådgiver». Er ingen på jobb, kan du legge igjen en melding.",
      "Last ned samtalen som tekstfil fra knappen øverst i chatten.",
    ],
    features: [
      [
        "Personvern først",
        "Kunden får vite hva som lagres og hvor lenge før første melding: 1 år, eller 5 år når en rådgiver er med.",
      ],
      ["Tåler dårlig nett", "Meldinger skrevet uten nett legges i kø og sendes når forbindelsen er tilbake, én gang."],
      ["Universelt utformet", "Kan brukes med tastatur og skjermleser, og har god nok kontrast (WCAG AA)."],
    ],
    footer: "Skranke er åpen kildekode. Demoen bruker kunnskapsbasene i knowledge/.",
    none: "Ingen organisasjoner er lagt inn i kunnskapsbasen ennå.",
  },
  en: {
    pageTitle: (org: string) => `Skranke – demo: ${org}`,
    skip: "Skip to content",
    tagline: "Customer-service chat with a knowledge bot and handoff to advisers",
    langLabel: "Language",
    heading: "Try the chat",
    lead: "Pick an organisation and open the chat with the button in the bottom right corner. The bot answers from the organisation's knowledge base, and “Talk to a person” puts you in the queue for a human.",
    orgsLabel: "Organisations",
    orgIntro: "This is a sample page with the chat widget as it appears on the organisation's website.",
    tryHeading: "Try asking",
    openHint: "Open the chat in the bottom right corner",
    embedHeading: "How to embed it",
    embedText:
      "One line in the site's HTML. The widget keeps its own styles (Shadow DOM) and does not affect the page.",
    testHeading: "Worth trying",
    steps: [
      "Ask a question, then reload the page: the conversation is still there.",
      "Turn the network off, write a message and turn it back on: the message is sent exactly once.",
      "Press “Talk to a person”. If nobody is on duty you can leave a message.",
      "Download the conversation as a text file from the button at the top of the chat.",
    ],
    features: [
      [
        "Privacy first",
        "Before the first message the customer learns what is kept and for how long: 1 year, or 5 years once an adviser joins.",
      ],
      ["Survives bad networks", "Messages written offline are queued and sent once when the connection is back."],
      ["Accessible", "Usable with keyboard and screen reader, with sufficient contrast (WCAG AA)."],
    ],
    footer: "Skranke is open source. The demo uses the knowledge bases in knowledge/.",
    none: "No organisations are in the knowledge base yet.",
  },
} as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderDemo(template: string, orgs: DemoOrg[], org: DemoOrg, lang: DemoLang, origin: string): string {
  const t = TEXT[lang];
  const e = escapeHtml;
  const href = (slug: string, l: DemoLang) => `/?org=${encodeURIComponent(slug)}&amp;lang=${l}`;
  const current = (yes: boolean) => (yes ? ' aria-current="page"' : "");
  const values: Record<string, string> = {
    lang,
    org: e(org.slug),
    pageTitle: e(t.pageTitle(org.name[lang])),
    skip: e(t.skip),
    tagline: e(t.tagline),
    langLabel: e(t.langLabel),
    langLinks: (
      [
        ["nb", "Norsk"],
        ["en", "English"],
      ] as const
    )
      .map(([l, label]) => `<a href="${href(org.slug, l)}" lang="${l}"${current(l === lang)}>${label}</a>`)
      .join(""),
    heading: e(t.heading),
    lead: e(t.lead),
    orgsLabel: e(t.orgsLabel),
    orgLinks: orgs
      .map(
        (o) =>
          `<li><a href="${href(o.slug, lang)}"${current(o.slug === org.slug)}>${e(o.name[lang])}<small>data-org="${e(o.slug)}"</small></a></li>`,
      )
      .join(""),
    orgName: e(org.name[lang]),
    orgIntro: e(t.orgIntro),
    hours: e(org.hours[lang] || org.hours.nb),
    tryHeading: e(t.tryHeading),
    questions: (org.questions[lang].length ? org.questions[lang] : org.questions.nb)
      .map((q) => `<li>${e(q)}</li>`)
      .join(""),
    openHint: e(t.openHint),
    embedHeading: e(t.embedHeading),
    embedText: e(t.embedText),
    snippet: e(`<script src="${origin}/widget.js"\n        data-org="${org.slug}" async></script>`),
    testHeading: e(t.testHeading),
    steps: t.steps.map((s) => `<li>${e(s)}</li>`).join(""),
    features: t.features.map(([title, body]) => `<div><strong>${e(title)}</strong><p>${e(body)}</p></div>`).join(""),
    footer: e(t.footer),
  };
  return template
    .replace('<html lang="nb">', `<html lang="${lang}">`)
    .replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? "");
}

function noOrganisations(lang: DemoLang): string {
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>Skranke</title><p>${escapeHtml(TEXT[lang].none)}</p></html>`;
}

/** Without SKRANKE_PUBLIC_URL, the embed snippet uses the Host the page was asked for. */
function requestOrigin(req: restify.Request): string {
  const host = req.header("host") ?? "localhost";
  const safeHost = /^[\w.-]+(:\d+)?$/.test(host) ? host : "localhost";
  const proto = req.header("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${safeHost}`;
}
