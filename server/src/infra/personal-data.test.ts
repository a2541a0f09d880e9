import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PersonalDataVault } from "./personal-data";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const hashKey = randomBytes(32);

describe("PersonalDataVault", () => {
  it("round-trips and never stores the plain value", () => {
    const vault = new PersonalDataVault(new Map([["k1", k1]]), "k1", hashKey);
    const sealed = vault.seal("11010119900101119X");
    expect(JSON.stringify(sealed)).not.toContain("11010119900101119X");
    expect(vault.open(sealed)).toBe("11010119900101119X");
  });

  it("reads values sealed under an older key after rotation", () => {
    const old = new PersonalDataVault(new Map([["k1", k1]]), "k1", hashKey);
    const sealed = old.seal("110101199003076878");
    const rotated = new PersonalDataVault(new Map([["k1", k1], ["k2", k2]]), "k2", hashKey);
    expect(rotated.open(sealed)).toBe("110101199003076878");
    expect(rotated.seal("x").kid).toBe("k2");
  });

  it("detects tampering", () => {
    const vault = new PersonalDataVault(new Map([["k1", k1]]), "k1", hashKey);
    const sealed = vault.seal("11010119900101119X");
    const ct = Buffer.from(sealed.ct, "base64");
    ct[0] = ct[0]! ^ 1;
    expect(() => vault.open({ ...sealed, ct: ct.toString("base64") })).toThrow();
  });

  it("hashes identically regardless of case, differently per key", () => {
    const vault = new PersonalDataVault(new Map([["k1", k1]]), "k1", hashKey);
    expect(vault.lookupHash("11010119900101119x")).toBe(vault.lookupHash("11010119900101119X"));
    const other = new PersonalDataVault(new Map([["k1", k1]]), "k1", randomBytes(32));
    expect(other.lookupHash("11010119900101119X")).not.toBe(vault.lookupHash("11010119900101119X"));
  });
});
