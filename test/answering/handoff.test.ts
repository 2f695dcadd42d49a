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
    "eg treng hjelp frå eit menneske",
    "I need help from a real person",
    "kan jeg få hjelp av en rådgiver?",
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

describe("asksForPerson in nynorsk and dialect", () => {
  it.each([
    "kan eg få prate med ein ekte person?",
    "eg vil snakka med ein person",
    "kan eg snakke med eit menneske",
    "e vil snakk me nån på support",
    "få meg over til en rådgiver takk",
    "eg treng ein rådgjevar",
  ])("recognises %j", (text) => {
    expect(asksForPerson(text)).toBe(true);
  });

  it("reads nynorsk past tense as a story", () => {
    expect(asksForPerson("eg har snakka med ein rådgjevar, kor lenge lagrar de chatten?")).toBe(false);
  });
});

describe("questions about a handoff are not requests for one", () => {
  it.each([
    "ser rådgiveren det jeg allerede har skrevet til boten hvis jeg ber om en rådgiver?",
    "hva skjer hvis jeg ber om å snakke med en person?",
    "får rådgiveren chatloggen når jeg blir satt over?",
    "does the agent see what I wrote to the bot if I ask for a human?",
    "når jeg snakker med en rådgiver, lagres chatten lenger?",
  ])("%j", (text) => {
    expect(asksForPerson(text)).toBe(false);
  });

  it("still takes a wish for a person inside a condition as a request", () => {
    expect(asksForPerson("hvis jeg vil snakke med et menneske, hva gjør jeg?")).toBe(true);
    expect(asksForPerson("if I want to talk to a person, what do I do?")).toBe(true);
  });
});

describe("asking what the chat is", () => {
  it("is not a request for a person", () => {
    for (const text of ["er aino en ekte person?", "is this a real person?", "am I talking to a bot?"]) {
      expect(asksForPerson(text), text).toBe(false);
    }
  });

  it("unless another sentence asks for one", () => {
    expect(asksForPerson("er du en robot? jeg vil snakke med et menneske")).toBe(true);
  });
});
