import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWidget, WIDGET_MAX_GZIP_BYTES, WIDGET_SRC } from "../../src/channels/http/widget-bundle.js";
import { escapeHtml } from "../../src/channels/http/widget-routes.js";
import { type RunningApp, startApp } from "./support/harness.js";

describe("widget.js bundle", () => {
  it(`is at most ${WIDGET_MAX_GZIP_BYTES / 1024} KB gzipped, Socket.IO client included`, async () => {
    const { code, gzip } = await buildWidget({ write: false });
    const js = code.toString("utf8");
    // The Socket.IO client is inside (its Engine.IO protocol marker), and no Node-only code crept in.
    expect(js).toContain("EIO");
    expect(js).not.toMatch(/\brequire\(["']/);
    expect(js.startsWith("(()=>{") || js.startsWith('"use strict";(()=>{')).toBe(true);
    console.info(`widget.js: ${(code.length / 1024).toFixed(1)} KB, ${(gzip.length / 1024).toFixed(1)} KB gzipped`);
    expect(gzip.length).toBeLessThanOrEqual(WIDGET_MAX_GZIP_BYTES);
  });

  it("never writes HTML from strings: no innerHTML, outerHTML, insertAdjacentHTML or document.write in the sources", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    walk(WIDGET_SRC);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const src = readFileSync(f, "utf8");
      expect(src, f).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/,
      );
    }
  });
});

describe("widget routes", () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  it("serves /widget.js gzipped, cacheable and loadable from any site", async () => {
    const res = await fetch(`${running.baseUrl}/widget.js`, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const etag = res.headers.get("etag");
    expect(etag).toBeTruthy();
    const body = await res.text(); // fetch decodes gzip
    expect(body.length).toBeGreaterThan(10_000);
    const again = await fetch(`${running.baseUrl}/widget.js`, { headers: { "if-none-match": etag as string } });
    expect(again.status).toBe(304);
  });

  it("serves uncompressed to clients that do not accept gzip", async () => {
    const { request } = await import("node:http");
    const raw = await new Promise<{ status: number; encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const req = request(`${running.baseUrl}/widget.js`, { headers: { "accept-encoding": "identity" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            encoding: res.headers["content-encoding"],
            body: Buffer.concat(chunks),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    });
    expect(raw.status).toBe(200);
    expect(raw.encoding).toBeUndefined();
    expect(() => gunzipSync(raw.body)).toThrow();
    expect(raw.body.toString("utf8")).toContain("EIO");
  });

  it("shows the demo page at / in Norwegian, with every organisation and the widget for the chosen one", async () => {
    const res = await fetch(`${running.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain("Prøv chatten");
    for (const slug of ["oslo-kommune", "dnb", "ror-ikt", "move"]) expect(html).toContain(`?org=${slug}&amp;lang=nb`);
    expect(html).toMatch(/<script src="\/widget\.js" data-org="ror-ikt" data-lang="nb" async><\/script>/);
    expect(html).toContain("Hvordan kan jeg kontakte ROR-IKT Kundeservice?");
  });

  it("serves the demo page with a Content-Security-Policy and no framing, like the consoles", async () => {
    for (const page of ["/", "/?org=dnb&lang=en"]) {
      const res = await fetch(`${running.baseUrl}${page}`);
      await res.arrayBuffer();
      const csp = res.headers.get("content-security-policy") ?? "";
      const directives = Object.fromEntries(
        csp.split(";").map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(" ")];
        }),
      );
      expect(directives).toMatchObject({
        "default-src": "'self'",
        "script-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
      });
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("switches organisation and language by query, and ignores unknown organisations", async () => {
    const en = await (await fetch(`${running.baseUrl}/?org=dnb&lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('data-org="dnb" data-lang="en"');
    expect(en).toContain("DNB Customer Service");
    const unknown = await (await fetch(`${running.baseUrl}/?org=%3Cscript%3Ealert(1)%3C/script%3E`)).text();
    expect(unknown).toContain('data-org="ror-ikt"');
    expect(unknown).not.toContain("<script>alert");
  });

  it("escapes text for HTML", () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      "&#60;img src=x onerror=&#34;a(&#39;b&#39;)&#34;&#62;&#38;",
    );
  });
});
