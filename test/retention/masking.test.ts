import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidAccountNumber } from "../../src/core/retention/masking/account-number.js";
import { isValidCardNumber } from "../../src/core/retention/masking/card-number.js";
import { identityNumberKind, isValidFodselsnummer } from "../../src/core/retention/masking/fodselsnummer.js";
import { emptyMaskCounts, maskPersonalData } from "../../src/core/retention/masking/mask-personal-data.js";

/** Builds an identity number with correct check digits (classic rule), or null when K1/K2 would be 10. */
function withChecks(first9: string): string | null {
  const d = [...first9].map(Number);
  const k1w = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const k2w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const check = (digits: number[], w: number[]) => {
    const r = 11 - (w.reduce((s, x, i) => s + x * (digits[i] ?? 0), 0) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = check(d, k1w);
  if (k1 === 10) return null;
  const k2 = check([...d, k1], k2w);
  if (k2 === 10) return null;
  return `${first9}${k1}${k2}`;
}

function accountWithCheck(first10: string): string | null {
  const w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const r = 11 - ([...first10].reduce((s, x, i) => s + Number(x) * (w[i] ?? 0), 0) % 11);
  if (r === 10) return null;
  return `${first10}${r === 11 ? 0 : r}`;
}

function firstValid(make: (i: number) => string | null): string {
  for (let i = 0; i < 1000; i++) {
    const v = make(i);
    if (v) return v;
  }
  throw new Error("no valid number");
}

const FNR = firstValid((i) => withChecks(`150385${String(100 + i).padStart(3, "0")}`));
const DNR = firstValid((i) => withChecks(`550385${String(100 + i).padStart(3, "0")}`)); // day 15 + 40
const LEAP = firstValid((i) => withChecks(`290296${String(100 + i).padStart(3, "0")}`)); // 29 Feb 1996
const ACCOUNT = firstValid((i) => accountWithCheck(`1503${String(10 + i).padStart(2, "0")}1234`));

/** The same number with its last check digit changed (K2 is strict under every rule). */
function breakLast(n: string): string {
  return `${n.slice(0, -1)}${(Number(n.at(-1)) + 1) % 10}`;
}

describe("fødselsnummer and D-number", () => {
  it("accepts valid numbers and names their kind", () => {
    expect(identityNumberKind(FNR)).toBe("fodselsnummer");
    expect(identityNumberKind(DNR)).toBe("d-nummer");
    expect(isValidFodselsnummer(LEAP)).toBe(true);
  });

  it("rejects a wrong check digit, a wrong date and wrong lengths", () => {
    expect(isValidFodselsnummer(breakLast(FNR))).toBe(false);
    expect(isValidFodselsnummer(breakLast(DNR))).toBe(false);
    const feb30 = withChecks("300285123") ?? withChecks("300285124") ?? "";
    expect(isValidFodselsnummer(feb30)).toBe(false);
    const feb29NonLeap = withChecks("290295123") ?? withChecks("290295124") ?? "";
    expect(isValidFodselsnummer(feb29NonLeap)).toBe(false);
    expect(isValidFodselsnummer(FNR.slice(1))).toBe(false);
    expect(isValidFodselsnummer(`${FNR}1`)).toBe(false);
  });

  it("accepts every number built with the check-digit rules (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 999 }),
        fc.boolean(),
        (day, month, year, ind, dnumber) => {
          const first9 =
            [dnumber ? day + 40 : day, month, year].map((n) => String(n).padStart(2, "0")).join("") +
            String(ind).padStart(3, "0");
          const n = withChecks(first9);
          if (n === null) return;
          expect(isValidFodselsnummer(n)).toBe(true);
          expect(maskPersonalData(`fnr ${n}.`)).toBe("fnr [fødselsnummer].");
          expect(isValidFodselsnummer(breakLast(n))).toBe(false);
        },
      ),
    );
  });
});

describe("account and card numbers", () => {
  it("checks account numbers with MOD11 in the usual spellings", () => {
    expect(isValidAccountNumber(ACCOUNT)).toBe(true);
    expect(isValidAccountNumber(`${ACCOUNT.slice(0, 4)}.${ACCOUNT.slice(4, 6)}.${ACCOUNT.slice(6)}`)).toBe(true);
    expect(isValidAccountNumber(breakLast(ACCOUNT))).toBe(false);
  });

  it("checks card numbers with Luhn", () => {
    expect(isValidCardNumber("4111 1111 1111 1111")).toBe(true);
    expect(isValidCardNumber("5500-0000-0000-0004")).toBe(true);
    expect(isValidCardNumber("4111 1111 1111 1112")).toBe(false);
    expect(isValidCardNumber("41111")).toBe(false);
  });
});

describe("maskPersonalData", () => {
  const masked = (text: string) => maskPersonalData(text);

  it("masks each kind with its marker and counts them", () => {
    const counts = emptyMaskCounts();
    const out = maskPersonalData(
      `Jeg heter Ola, fnr ${FNR.slice(0, 6)} ${FNR.slice(6)}, D-nr ${DNR}, konto ${ACCOUNT.slice(0, 4)}.${ACCOUNT.slice(4, 6)}.${ACCOUNT.slice(6)}, kort 4111 1111 1111 1111, ring 912 34 567 eller +47 22 33 44 55, e-post ola.nordmann@døgnvill.no`,
      counts,
    );
    expect(out).toBe(
      "Jeg heter Ola, fnr [fødselsnummer], D-nr [fødselsnummer], konto [kontonummer], kort [kortnummer], ring [telefon] eller [telefon], e-post [e-post]",
    );
    expect(counts).toEqual({ email: 1, fodselsnummer: 2, accountNumber: 1, cardNumber: 1, phone: 2 });
  });

  it("leaves numbers with wrong check digits alone (order and case numbers stay readable)", () => {
    expect(masked(`saksnummer ${breakLast(FNR)}`)).toBe(`saksnummer ${breakLast(FNR)}`);
    expect(masked(`konto ${breakLast(ACCOUNT)}`)).toBe(`konto ${breakLast(ACCOUNT)}`);
    expect(masked("ordre 4111 1111 1111 1112")).toBe("ordre 4111 1111 1111 1112");
  });

  it("masks Norwegian phone spellings and international numbers, not short numbers or years", () => {
    for (const p of ["91234567", "912 34 567", "91 23 45 67", "+4791234567", "0047 91234567", "+46 70 123 45 67"]) {
      expect(masked(`tlf ${p}!`)).toBe("tlf [telefon]!");
    }
    expect(masked("åpent 0800-1530 i 2025")).toBe("åpent 0800-1530 i 2025");
    expect(masked("ring 113 eller 1881")).toBe("ring 113 eller 1881");
  });

  it("does not mask part of a longer number", () => {
    expect(masked(`${FNR}99`)).toBe(`${FNR}99`);
    expect(masked(`x${FNR}`)).toBe(`x${FNR}`);
  });
});
