// Skranke compliance page: plain JavaScript, no build step. Logs in with
// POST /api/auth/login and calls /api/compliance/* with a bearer token.
// Every piece of data is put on the page with textContent, never as HTML.

const TOKEN_KEY = "skranke.compliance.token";
const $ = (sel, root = document) => root.querySelector(sel);

let token = sessionStorage.getItem(TOKEN_KEY);
let organisations = [];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function status(text, isError = false) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", isError);
}

function fmtTime(iso) {
  if (!iso) return "–";
  return new Date(iso).toLocaleString("nb-NO", { timeZone: "Europe/Oslo" });
}

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body, { raw = false } = {}) {
  const headers = { accept: raw ? "text/plain" : "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    let code = "error";
    let message = `${res.status}`;
    try {
      const j = await res.json();
      code = j.error?.code ?? code;
      message = j.error?.message ?? message;
    } catch {}
    if (res.status === 401 && path !== "/api/auth/login") logout(false);
    if (res.status === 403) message = `Ingen tilgang / Access denied: ${message}`;
    throw new ApiError(res.status, code, message);
  }
  return raw ? res.text() : res.json();
}

function guard(fn) {
  return async (event) => {
    event?.preventDefault?.();
    try {
      await fn(event);
    } catch (err) {
      status(err instanceof ApiError ? err.message : `Feil / Error: ${err.message}`, true);
    }
  };
}

function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function fillTable(table, rows) {
  const tbody = $("tbody", table);
  tbody.replaceChildren(...rows);
  if (rows.length === 0) {
    const cols = $("thead tr", table).children.length;
    tbody.append(el("tr", {}, el("td", { colspan: String(cols) }, "Ingen / None")));
  }
}

// --- login ---------------------------------------------------------------------

async function showApp() {
  let me;
  try {
    me = await api("GET", "/api/auth/me");
  } catch {
    return logout(false);
  }
  if (me.role !== "compliance" && me.role !== "admin") {
    status("Denne siden er for personvernansvarlige (rollen compliance). / This page is for compliance staff.", true);
    return logout(false, false);
  }
  $("#who-name").textContent = `${me.displayName} (${me.role})`;
  $("#who").hidden = false;
  $("#login-view").hidden = true;
  $("#app-view").hidden = false;
  status("");
  await loadPolicies();
  selectTab("policies");
}

function logout(callServer = true, clearStatus = true) {
  if (callServer && token) api("POST", "/api/auth/logout").catch(() => {});
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $("#who").hidden = true;
  $("#app-view").hidden = true;
  $("#login-view").hidden = false;
  if (clearStatus) status("");
}

$("#login-form").addEventListener(
  "submit",
  guard(async (event) => {
    const form = event.target;
    const r = await api("POST", "/api/auth/login", { email: form.email.value, password: form.password.value });
    token = r.token;
    sessionStorage.setItem(TOKEN_KEY, token);
    form.password.value = "";
    await showApp();
  }),
);
$("#logout").addEventListener("click", () => logout());

// --- tabs ----------------------------------------------------------------------

const loaders = {
  policies: () => loadPolicies(),
  purge: () => loadRuns(),
  holds: () => loadHolds(),
  subjects: async () => {},
  analytics: async () => {},
  audit: () => loadAudit(),
};

function selectTab(name) {
  for (const b of document.querySelectorAll("nav button")) {
    if (b.dataset.tab === name) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  for (const p of document.querySelectorAll("[data-panel]")) p.hidden = p.dataset.panel !== name;
  guard(loaders[name])();
}
for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => selectTab(b.dataset.tab));

// --- policies ------------------------------------------------------------------

async function loadPolicies() {
  const { policies } = await api("GET", "/api/compliance/policies");
  organisations = policies.map((p) => p.organisation);
  fillTable(
    $("#policies-table"),
    policies.map((p) =>
      el(
        "tr",
        {},
        el("td", {}, `${p.organisation} – ${p.name}`),
        el("td", { class: "num" }, p.policy.version),
        el("td", { class: "num" }, p.policy.botOnlyMonths),
        el("td", { class: "num" }, p.policy.humanInvolvedMonths),
        el("td", { class: "num" }, p.awaitingRecompute),
      ),
    ),
  );
  for (const select of document.querySelectorAll('select[name="organisation"]')) {
    const keepAll = select.closest("#policy-form") === null;
    const current = select.value;
    select.replaceChildren(...(keepAll ? [el("option", { value: "" }, "Alle / All")] : []));
    for (const slug of organisations) select.append(el("option", { value: slug }, slug));
    if ([...select.options].some((o) => o.value === current)) select.value = current;
  }
}

$("#policy-form").addEventListener(
  "submit",
  guard(async (event) => {
    const f = event.target;
    const r = await api("PUT", `/api/compliance/policies/${encodeURIComponent(f.organisation.value)}`, {
      botOnlyMonths: Number(f.botOnlyMonths.value),
      humanInvolvedMonths: Number(f.humanInvolvedMonths.value),
    });
    status(
      `Versjon ${r.policy.version} gjelder nå; ${r.recomputed} utløpsdatoer regnet om. / Version ${r.policy.version} now in force; ${r.recomputed} expiries recomputed.`,
    );
    await loadPolicies();
  }),
);

// --- purge ---------------------------------------------------------------------

function renderReport(r) {
  const box = el("div", { class: "report" });
  box.append(
    el("h3", {}, r.dryRun ? "Prøvekjøring – ingenting er slettet / Dry run – nothing deleted" : "Sletting / Purge"),
    el(
      "p",
      {},
      `Tidspunkt / As of: ${fmtTime(r.now)} · Organisasjon / Organisation: ${r.organisation ?? "alle / all"}`,
    ),
    el(
      "p",
      {},
      `${r.dryRun ? "Ville slettet / Would delete" : "Slettet / Deleted"}: ${r.conversations} samtaler / conversations, ${r.messages} meldinger / messages, ${r.offlineMessages} meldinger lagt igjen uten samtale / leave-a-message without a conversation, ${r.customers} kundeoppføringer / customer records`,
    ),
    el("p", {}, `Eldste / oldest: ${fmtTime(r.oldestActivity)} · Nyeste / newest: ${fmtTime(r.newestActivity)}`),
  );
  const table = el(
    "table",
    {},
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ...[
          "Organisasjon / Organisation",
          "Klasse / Class",
          "Samtaler / Conversations",
          "Eldste / Oldest",
          "Nyeste / Newest",
        ].map((h) => el("th", {}, h)),
      ),
    ),
    el(
      "tbody",
      {},
      ...r.groups.map((g) =>
        el(
          "tr",
          {},
          el("td", {}, g.organisation),
          el("td", {}, g.retentionClass),
          el("td", { class: "num" }, g.conversations),
          el("td", {}, fmtTime(g.oldestActivity)),
          el("td", {}, fmtTime(g.newestActivity)),
        ),
      ),
    ),
  );
  box.append(table);
  const versions = Object.entries(r.policyVersions)
    .map(([k, v]) => `${k} v${v}`)
    .join(", ");
  box.append(el("p", {}, `Regelversjoner / Policy versions: ${versions || "–"}`));
  if (r.awaitingRecompute > 0)
    box.append(el("p", { class: "stale" }, `${r.awaitingRecompute} venter på omregning / awaiting recompute`));
  return box;
}

$("#purge-form").addEventListener(
  "submit",
  guard(async (event) => {
    const f = event.target;
    const real = event.submitter?.value === "real";
    const body = { dryRun: !real };
    if (f.organisation.value) body.organisation = f.organisation.value;
    if (f.now.value) body.now = new Date(f.now.value).toISOString();
    if (
      real &&
      !window.confirm(
        "Slette utløpte samtaler nå? Dette kan ikke angres. / Delete expired conversations now? This cannot be undone.",
      )
    )
      return;
    status(real ? "Starter sletting… / Starting purge…" : "Beregner… / Calculating…");
    const r = await api("POST", "/api/compliance/purge", body);
    if (real) {
      status(`Sletting startet (kjøring ${r.runId}). / Purge started (run ${r.runId}).`);
      $("#purge-report").replaceChildren();
      await followRun(r.runId);
    } else {
      status("");
      $("#purge-report").replaceChildren(renderReport(r));
    }
  }),
);

async function followRun(runId) {
  for (;;) {
    const run = await api("GET", `/api/compliance/purge-runs/${encodeURIComponent(runId)}`);
    await loadRuns();
    if (run.status !== "running") {
      status(
        `Kjøring ${run.id}: ${run.status}, ${run.deletedConversations} samtaler / conversations, ${run.deletedMessages} meldinger / messages.`,
        run.status === "failed",
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 1500));
  }
}

async function loadRuns() {
  const { runs } = await api("GET", "/api/compliance/purge-runs?limit=30");
  fillTable(
    $("#runs-table"),
    runs.map((r) =>
      el(
        "tr",
        {},
        el("td", {}, fmtTime(r.startedAt)),
        el("td", {}, r.dryRun ? "prøve / dry run" : "ekte / real"),
        el("td", r.stale ? { class: "stale" } : {}, r.stale ? "avbrutt? / stale" : r.status),
        el("td", {}, r.actor),
        el("td", { class: "num" }, r.deletedConversations),
        el("td", { class: "num" }, r.deletedMessages),
        el("td", { class: "num" }, r.skipped),
        el("td", {}, r.error ?? ""),
        el("td", {}, runAction(r)),
      ),
    ),
  );
}

/** A running real run can be asked to stop; it stops after its current batch and a new run continues. */
function runAction(r) {
  if (r.dryRun || r.status !== "running") return null;
  if (r.stopRequestedAt) return el("span", {}, "stopper… / stopping…");
  return el(
    "button",
    {
      type: "button",
      class: "danger",
      "aria-label": `Stopp kjøring ${r.id} / Stop run ${r.id}`,
      onclick: guard(async () => {
        if (!window.confirm("Stoppe slettingen etter gjeldende parti? / Stop the purge after its current batch?"))
          return;
        await api("POST", `/api/compliance/purge-runs/${encodeURIComponent(r.id)}/stop`);
        status(`Kjøring ${r.id} stopper etter gjeldende parti. / Run ${r.id} stops after its current batch.`);
        await loadRuns();
      }),
    },
    "Stopp / Stop",
  );
}
$("#runs-refresh").addEventListener("click", guard(loadRuns));

// --- holds ---------------------------------------------------------------------

async function loadHolds() {
  const all = $("#holds-all").checked;
  const { holds } = await api("GET", `/api/compliance/holds${all ? "?all=1" : ""}`);
  fillTable(
    $("#holds-table"),
    holds.map((h) => {
      const release = h.active
        ? el(
            "button",
            {
              type: "button",
              onclick: guard(async () => {
                const reason = window.prompt("Begrunnelse for å oppheve / Reason for release:");
                if (!reason) return;
                await api("POST", `/api/compliance/holds/${encodeURIComponent(h.id)}/release`, { reason });
                status("Hold opphevet. / Hold released.");
                await loadHolds();
              }),
            },
            "Opphev / Release",
          )
        : null;
      return el(
        "tr",
        {},
        el(
          "td",
          {},
          h.conversationId ? `samtale / conversation ${h.conversationId}` : `kunde / customer ${h.customerId}`,
        ),
        el("td", {}, h.reason),
        el("td", {}, `${fmtTime(h.placedAt)} (${h.placedBy ?? "–"})`),
        el(
          "td",
          {},
          h.active ? "aktiv / active" : `opphevet / released ${fmtTime(h.releasedAt)}: ${h.releaseReason ?? ""}`,
        ),
        el("td", {}, release),
      );
    }),
  );
}
$("#holds-all").addEventListener("change", guard(loadHolds));
$("#hold-form").addEventListener(
  "submit",
  guard(async (event) => {
    const f = event.target;
    await api("POST", "/api/compliance/holds", { [f.kind.value]: f.target.value.trim(), reason: f.reason.value });
    f.reset();
    status("Hold satt. / Hold placed.");
    await loadHolds();
  }),
);

// --- data-subject requests -------------------------------------------------------

$("#subject-form").addEventListener(
  "submit",
  guard(async (event) => {
    const f = event.target;
    const who = {};
    for (const k of ["customerId", "email", "phone"]) if (f[k].value.trim()) who[k] = f[k].value.trim();
    const action = event.submitter?.value;
    const out = $("#subject-result");
    out.replaceChildren();
    if (action === "export-json") {
      const data = await api("POST", "/api/compliance/subjects/export", { ...who, format: "json" });
      download("innsyn.json", JSON.stringify(data, null, 2), "application/json");
      status(
        `Eksport lastet ned: ${data.conversations.length} samtaler. / Export downloaded: ${data.conversations.length} conversations.`,
      );
    } else if (action === "export-text") {
      const text = await api("POST", "/api/compliance/subjects/export", { ...who, format: "text" }, { raw: true });
      download("innsyn.txt", text, "text/plain;charset=utf-8");
      out.append(el("pre", {}, text));
      status("Eksport lastet ned. / Export downloaded.");
    } else if (action === "objection") {
      const r = await api("POST", "/api/compliance/subjects/objection", who);
      status(
        `Protest registrert (${r.customers} kundeoppføringer). Loggene holdes utenfor analyse fra nå. / Objection recorded; logs are excluded from analytics from now on.`,
      );
    } else if (action === "erase") {
      if (
        !window.confirm(
          "Slette kundens logger der bare boten deltok? Dette kan ikke angres. / Erase the customer's bot-only logs? This cannot be undone.",
        )
      )
        return;
      const r = await api("POST", "/api/compliance/subjects/erase", who);
      out.append(
        el(
          "p",
          {},
          `Slettet / Deleted: ${r.deleted.conversations.length} samtaler / conversations, ${r.deleted.messages} meldinger / messages, ${r.deleted.offlineMessages} meldinger lagt igjen / leave-a-message, ${r.deleted.customers} kundeoppføringer / customer records, ${r.deleted.userState} lagrede språkvalg / saved language choices.`,
        ),
      );
      if (r.kept.length) {
        out.append(el("h3", {}, "Beholdt / Kept"));
        out.append(el("ul", {}, ...r.kept.map((k) => el("li", {}, `${k.conversationId}: ${k.explanation}`))));
      }
      status("Sletting utført. / Erasure done.");
    }
  }),
);

// --- analytics -----------------------------------------------------------------

$("#analytics-form").addEventListener(
  "submit",
  guard(async (event) => {
    const f = event.target;
    const q = new URLSearchParams();
    if (f.organisation.value) q.set("organisation", f.organisation.value);
    if (f.from.value) q.set("from", new Date(`${f.from.value}T00:00:00`).toISOString());
    if (f.to.value) q.set("to", new Date(`${f.to.value}T23:59:59`).toISOString());
    const data = await api("GET", `/api/compliance/analytics-export?${q}`);
    download("analyse.json", JSON.stringify(data, null, 2), "application/json");
    const m = data.masked;
    $("#analytics-result").replaceChildren(
      el(
        "p",
        {},
        `${data.unansweredQuestions.length} ubesvarte spørsmål / unanswered questions, ${data.escalations.items.length} overføringer / escalations, ${data.feedback.length} tilbakemeldinger / feedback; ${data.excludedConversations} samtaler utelatt etter protest / conversations excluded after objection.`,
      ),
      el(
        "p",
        {},
        `Maskert / Masked: fødselsnummer ${m.fodselsnummer}, kontonummer ${m.accountNumber}, kortnummer ${m.cardNumber}, telefon ${m.phone}, e-post ${m.email}`,
      ),
    );
    status("Eksport lastet ned. / Export downloaded.");
  }),
);

// --- audit ---------------------------------------------------------------------

async function loadAudit() {
  const { events } = await api("GET", "/api/compliance/audit?limit=200");
  fillTable(
    $("#audit-table"),
    events.map((e) =>
      el(
        "tr",
        {},
        el("td", {}, fmtTime(e.at)),
        el("td", {}, e.action),
        el("td", {}, `${e.actorId ?? "–"}${e.actorRole ? ` (${e.actorRole})` : ""}`),
        el("td", {}, e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "–"),
        el("td", {}, el("pre", {}, e.details ? JSON.stringify(e.details, null, 1) : "")),
      ),
    ),
  );
}
$("#audit-refresh").addEventListener("click", guard(loadAudit));

if (token) guard(showApp)();
