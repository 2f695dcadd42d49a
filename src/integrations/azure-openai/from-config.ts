import type { TokenCredential } from "@azure/identity";
import type { AppConfig } from "../../config/config.js";
import type { AnswerReranker } from "../../core/answering/reranker.js";
import type { CircuitSettings, CircuitState } from "./circuit-breaker.js";
import type { AzureOpenAIConnection } from "./client.js";
import { type AzureOpenAIGenerator, createAzureOpenAIGenerator, type GeneratorLogger } from "./generator.js";
import { createAzureOpenAIReranker } from "./reranker.js";
import type { RetryPolicy } from "./retry-policy.js";

/** What the answer service gets for SKRANKE_AI_MODE: nothing (off), a reranker, or a generator. */
export interface AiAnswering {
  readonly reranker?: AnswerReranker;
  readonly generator?: AzureOpenAIGenerator;
  readonly timeoutMs?: number;
}

export interface AiAnsweringDeps {
  readonly logger?: GeneratorLogger;
  readonly onCircuit?: (state: CircuitState) => void;
  /** Entra ID credential instead of DefaultAzureCredential (tests). */
  readonly credential?: TokenCredential;
  readonly circuit?: CircuitSettings;
  readonly retry?: RetryPolicy;
}

/** The language-model parts the configuration asks for. */
export function aiAnsweringFromConfig(
  config: Pick<AppConfig, "azureOpenAI" | "ai">,
  deps: AiAnsweringDeps = {},
): AiAnswering {
  const azure = config.azureOpenAI;
  if (!azure || config.ai.mode === "off") return {};
  const connection: AzureOpenAIConnection = {
    endpoint: azure.endpoint,
    deployment: azure.deployment,
    apiVersion: azure.apiVersion,
    ...(azure.auth === "api-key" ? { apiKey: azure.apiKey } : {}),
    ...(deps.credential ? { credential: deps.credential } : {}),
  };
  const timeout = config.ai.timeoutMs !== undefined ? { timeoutMs: config.ai.timeoutMs } : {};
  if (config.ai.mode === "rerank") return { reranker: createAzureOpenAIReranker(connection), ...timeout };
  return {
    generator: createAzureOpenAIGenerator(connection, {
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.onCircuit ? { onCircuit: deps.onCircuit } : {}),
      ...(deps.circuit ? { circuit: deps.circuit } : {}),
      ...(deps.retry ? { retry: deps.retry } : {}),
    }),
    ...timeout,
  };
}
