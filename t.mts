import { loadKnowledgeBase } from "./src/core/knowledge/index.js";
try { const kb = loadKnowledgeBase("knowledge"); console.log(kb.entries.length, [...kb.organisations.keys()]); } catch (e) { console.log(String(e)); }
