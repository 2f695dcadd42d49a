import type { DefaultEventsMap, Namespace, Socket } from "socket.io";
import type { Principal } from "../../../core/accounts/roles.js";
import type { AgentClientEvents, AgentServerEvents } from "../../../protocol/agent.js";

/** What an /agent socket knows about its member of staff (socket.data). */
export interface AgentSocketData {
  principal: Principal;
  token: string;
  expiresAt: Date;
}

/** The /agent namespace and its sockets, typed by the protocol (src/protocol/agent.ts). */
export type AgentNsp = Namespace<AgentClientEvents, AgentServerEvents, DefaultEventsMap, AgentSocketData>;
export type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, DefaultEventsMap, AgentSocketData>;
