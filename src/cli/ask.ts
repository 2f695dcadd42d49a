import { createInterface } from "node:readline";
import pino from "pino";
import { ConfigError, loadConfig } from "../config/config.js";
import { createAnswerEngine } from "../core/answering/engine.js";
import { type AnswerService, createAnswerService } from "../core/answering/service.js";
import { AskInputError, type Decision } from "../core/answering/types.js";
import { KnowledgeLoadError } from "../core/knowledge/errors.js";
import { loadKnowledgeBase } from "../core/knowledge/loader.js";
import type { Lang } from "../core/knowledge/types.js";
import { aiAnsweringFromConfig } from "../integrations/azure-openai/from-config.js";
import { generationLog } from "../observability/generation-log.js";
import { createLogger } from "../observability/logger.js";
import { parseArgs, UsageError } from "./args.js";
import { knowledgeDir } from "./knowledge-dir.js";

const USAGE = `Usage:
  npm run --silent ask -- [--org SLUG] [--lang nb|en] [--json] "question"
  npm run --silent ask -- --jsonl < questions.jsonl

  --org SLUG   answer as the chat of this organisation (only its knowledge is used)
  --lang L     reply in nb or en (default: the question's language)
  --json       print one JSON object instead of text
  --jsonl      read {"q": "...", "org": "...", "lang": "..."} lines from standard input and write
               one JSON line per input line, in order (blank lines are skipped); a bad line gives
               {"error": "..."} on standard output and a message on standard error
Knowledge is read from $SKRANKE_KNOWLEDGE_DIR, or ./knowledge. When AZURE_OPENAI_ENDPOINT,
AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT (and optionally AZURE_OPENAI_API_VERSION) are set,
close calls are put to that Azure OpenAI deployment, which may pick one of the candidate entries
(see docs/answering.md); failures are logged on standard error and the lexical answer stands.`;

/** The fixed output contract of `ask --json` / `--jsonl`. */
function toJson(d: Decision): string {
  return JSON.stringify({
    action: d.action,
    text: d.text,
    choices: d.choices,
    sources: d.sources,
    confidence: Math.round(d.confidence * 1000) / 1000,
    lang: d.lang,
  });
}

function toHuman(d: Decision): string {
  const lines = [d.text];
  if (d.action !== "clarify") for (const c of d.choices) lines.push(`  → ${c.label}`);
  return lines.join("\n");
}

function parseLang(value: unknown, where: string): Lang | undefined {
  if (value === undefined) return undefined;
  if (value === "nb" || value === "en") return value;
  throw new UsageError(`${where}: lang must be "nb" or "en"`);
}

const AZURE_VARIABLES = [
  "AZURE_OPENAI_ENDPOINT",
  "AZURE_OPENAI_API_KEY",
  "AZURE_OPENAI_DEPLOYMENT",
  "AZURE_OPENAI_API_VERSION",
  "AZURE_OPENAI_AUTH",
  "SKRANKE_AI_MODE",
  "SKRANKE_AI_TIMEOUT_MS",
] as const;

/** The engine, with the Azure OpenAI reranker or generator its variables ask for (validated like the server's). */
function loadService(): AnswerService {
  const engine = createAnswerEngine(loadKnowledgeBase(knowledgeDir()));
  const env = Object.fromEntries(AZURE_VARIABLES.map((v) => [v, process.env[v]]).filter(([, v]) => v !== undefined));
  const config = loadConfig(env);
  if (!config.azureOpenAI || config.ai.mode === "off") return createAnswerService({ engine });
  // Logs go to standard error: standard output is the answer (or the JSON contract).
  const logger = createLogger("warn", pino.destination({ fd: 2, sync: true }));
  const ai = aiAnsweringFromConfig(config, { logger });
  return createAnswerService({
    engine,
    reranker: ai.reranker,
    generator: ai.generator,
    timeoutMs: ai.timeoutMs,
    generationObserver: generationLog(logger),
    logger,
  });
}

async function runJsonl(service: AnswerService): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let failures = 0;
  for await (const raw of rl) {
    lineNo++;
    if (raw.trim() === "") continue;
    try {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new UsageError("malformed JSON");
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new UsageError('expected an object like {"q": "...", "org": "..."}');
      }
      const { q, org, lang } = value as Record<string, unknown>;
      if (typeof q !== "string") throw new UsageError('"q" must be a string');
      if (org !== undefined && org !== null && typeof org !== "string") throw new UsageError('"org" must be a string');
      const parsedLang = parseLang(lang ?? undefined, "lang");
      const decision = await service.answer({
        text: q,
        ...(typeof org === "string" && org !== "" ? { org } : {}),
        ...(parsedLang ? { lang: parsedLang } : {}),
      });
      process.stdout.write(`${toJson(decision)}\n`);
    } catch (err) {
      if (!(err instanceof UsageError || err instanceof AskInputError)) throw err;
      failures++;
      process.stdout.write(`${JSON.stringify({ error: err.message })}\n`);
      process.stderr.write(`ask: line ${lineNo}: ${err.message}\n`);
    }
  }
  return failures > 0 ? 2 : 0;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv, [
      { name: "org", takesValue: true },
      { name: "lang", takesValue: true },
      { name: "json", takesValue: false },
      { name: "jsonl", takesValue: false },
      { name: "help", takesValue: false },
    ]);
    if (args.flags.has("help")) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.flags.has("jsonl")) {
      if (args.positional.length > 0)
        throw new UsageError("--jsonl reads questions from standard input; give no question");
      for (const f of ["org", "lang", "json"])
        if (args.flags.has(f)) throw new UsageError(`--${f} cannot be used with --jsonl`);
    } else if (args.positional.length !== 1) {
      throw new UsageError(
        args.positional.length === 0 ? "no question given" : "give the question as one quoted argument",
      );
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ask: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }

  let service: AnswerService;
  try {
    service = loadService();
  } catch (err) {
    if (err instanceof KnowledgeLoadError) {
      process.stderr.write(`ask: ${err.message}\n`);
      return 1;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`ask: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  if (args.flags.has("jsonl")) return runJsonl(service);

  try {
    const org = args.flags.get("org");
    const lang = parseLang(args.flags.get("lang"), "--lang");
    const decision = await service.answer({
      text: args.positional[0] as string,
      ...(typeof org === "string" ? { org } : {}),
      ...(lang ? { lang } : {}),
    });
    process.stdout.write(`${args.flags.has("json") ? toJson(decision) : toHuman(decision)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof AskInputError) {
      process.stderr.write(`ask: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ask: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
