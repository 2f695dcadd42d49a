import { DomainError } from "../errors/domain-error.js";

/**
 * Why a customer's request was refused. The codes are the wire codes of
 * docs/protocol.md, so channels pass them through unchanged.
 */
export type CustomerChatErrorCode = "invalid_input" | "not_found" | "conflict" | "rate_limited";

export class CustomerChatError extends DomainError<CustomerChatErrorCode> {
  constructor(code: CustomerChatErrorCode, message: string) {
    super(code, message);
    this.name = "CustomerChatError";
  }
}
