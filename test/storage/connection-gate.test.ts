import { describe, expect, it } from "vitest";
import { ConnectionGate } from "../../src/storage/connection-gate.js";

describe("ConnectionGate", () => {
  it("runs a statement at once, synchronously, when nobody holds the connection", () => {
    const gate = new ConnectionGate();
    expect(gate.run(() => 42)).toBe(42);
    expect(gate.busy).toBe(false);
  });

  it("holds statements until the transaction that has the connection releases it, then runs them in order", async () => {
    const gate = new ConnectionGate();
    const release = await gate.acquire();
    const order: string[] = [];
    const a = gate.run(() => order.push("a"));
    const b = gate.run(() => order.push("b"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    release();
    release(); // a second call changes nothing
    await Promise.all([a, b]);
    expect(order).toEqual(["a", "b"]);
    expect(gate.busy).toBe(false);
  });

  it("gives transactions their turns first come, first served, with statements between", async () => {
    const gate = new ConnectionGate();
    const order: string[] = [];
    const first = await gate.acquire();
    const second = gate.acquire().then((release) => {
      order.push("second");
      return release;
    });
    const statement = gate.run(() => order.push("statement"));
    first();
    (await second)();
    await statement;
    expect(order).toEqual(["second", "statement"]);
  });

  it("holds the connection while a statement's promise is pending, and frees it when it fails", async () => {
    const gate = new ConnectionGate();
    let fail!: (e: Error) => void;
    const failing = gate.run(
      () =>
        new Promise<never>((_, reject) => {
          fail = reject;
        }),
    );
    expect(gate.busy).toBe(true);
    const next = gate.run(() => "next");
    fail(new Error("SQLITE_CONSTRAINT"));
    await expect(failing).rejects.toThrow("SQLITE_CONSTRAINT");
    await expect(next).resolves.toBe("next");
    expect(() =>
      gate.run(() => {
        throw new Error("sync");
      }),
    ).toThrow("sync");
    expect(gate.busy).toBe(false);
  });

  it("gives up waiting after the timeout with SQLite's busy words, and leaves the queue intact", async () => {
    const gate = new ConnectionGate();
    const release = await gate.acquire();
    await expect(gate.run(() => "late", 10)).rejects.toThrow(/database is locked/);
    const after = gate.run(() => "after");
    release();
    await expect(after).resolves.toBe("after");
    expect(gate.busy).toBe(false);
  });
});
