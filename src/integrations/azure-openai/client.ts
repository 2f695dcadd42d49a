import "@azure/openai/types";
import { DefaultAzureCredential, getBearerTokenProvider, type TokenCredential } from "@azure/identity";
import { AzureOpenAI } from "openai";

/** The scope Azure OpenAI (Cognitive Services) accepts Entra ID tokens for. */
export const AZURE_OPENAI_SCOPE = "https://cognitiveservices.azure.com/.default";

/**
 * Where and how to reach an Azure OpenAI deployment (AppConfig.azureOpenAI): with an API key
 * (`api-key` header), or, without one, with Entra ID tokens (`Authorization: Bearer`) from
 * `credential` (default: `DefaultAzureCredential`: managed identity, workload identity, Azure CLI ...).
 */
export interface AzureOpenAIConnection {
  readonly endpoint: string;
  readonly deployment: string;
  readonly apiVersion: string;
  /** Set: API-key authentication. Unset: Entra ID. */
  readonly apiKey?: string | undefined;
  /** The Entra ID credential to take tokens from (tests inject one). */
  readonly credential?: TokenCredential | undefined;
}

export interface ClientOptions {
  /** Retries of the HTTP client itself (default 0: retries are the caller's policy). */
  readonly maxRetries?: number;
  /** Per-request timeout of the HTTP client in ms (default 10 000; callers usually stop waiting first). */
  readonly timeoutMs?: number;
}

/** The `AzureOpenAI` client of the `openai` package for a connection. */
export function createAzureOpenAIClient(connection: AzureOpenAIConnection, options: ClientOptions = {}): AzureOpenAI {
  const auth = connection.apiKey
    ? { apiKey: connection.apiKey }
    : {
        azureADTokenProvider: getBearerTokenProvider(
          connection.credential ?? new DefaultAzureCredential(),
          AZURE_OPENAI_SCOPE,
        ),
      };
  return new AzureOpenAI({
    // null, not undefined: a stray OPENAI_BASE_URL in the environment must not override the endpoint.
    baseURL: null,
    endpoint: connection.endpoint,
    deployment: connection.deployment,
    apiVersion: connection.apiVersion,
    ...auth,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeoutMs ?? 10_000,
  });
}
