import { describe, expect, it } from "vitest";
import { asksForPerson } from "../../src/core/answering/handoff.js";

describe("asksForPerson", () => {
  it.each([
    "menneske!!",
    "agent please",
    "kundebehandler takk",
    "Jeg vil snakke med et menneske",
    "kan jeg få snakke med en person?",
    "snakke med noen",
    "I want to talk to a real person",
    "connect me to an agent",
    "speak to someone please",
    "ekte person takk",
    "jeg vil ikke snakke med en robot",
    "not a bot",
    "sett meg over til en rådgiver",
    "kan du koble meg til kundeservice",
    "transfer me to customer service",
    "kan noen ringe meg?",
    "OPERATØR",
    "live agent",
    "human pls",
  ])("recognises %j", (text) => {
    expect(asksForPerson(text)).toBe(true);
  });

  it.each([
    "hvordan får en ansatt tilgang til nettbanken?",
    "hvem er kontaktperson i FIN?",
    "who is the contact person?",
    "hva er telefonnummeret deres",
    "er det en robot som svarer på facebook?",
    "kan jeg få noen tips om nettbanken?",
    "hvor mange personer jobber i kundesenteret?",
  ])("does not mistake %j for a request for a person", (text) => {
    expect(asksForPerson(text)).toBe(false);
  });
});
