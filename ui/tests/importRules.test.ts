import { describe, expect, it } from "vitest";
import { canApplyImport } from "../src/lib/importRules";
import type { ImportPreview } from "../src/bindings/ImportPreview";

function preview(valid: number, invalid: number): ImportPreview {
  return { file: "/tmp/a.csv", rows: [], valid, invalid, new_accounts: valid, updated_accounts: 0 };
}

describe("canApplyImport", () => {
  it("needs a preview", () => {
    expect(canApplyImport(null, true)).toBe(false);
  });
  it("allows a clean file", () => {
    expect(canApplyImport(preview(3, 0), false)).toBe(true);
  });
  it("blocks invalid rows unless they are skipped", () => {
    expect(canApplyImport(preview(3, 1), false)).toBe(false);
    expect(canApplyImport(preview(3, 1), true)).toBe(true);
  });
  it("blocks a file with nothing to import", () => {
    expect(canApplyImport(preview(0, 2), true)).toBe(false);
    expect(canApplyImport(preview(0, 0), false)).toBe(false);
  });
});
