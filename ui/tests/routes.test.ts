import { describe, expect, it } from "vitest";
import { HOME_PATH, menuPathFor, pages, routes, subpages } from "../src/routes";
import zhCN from "../src/i18n/zh-CN";

describe("routes", () => {
  it("lists each page once, with a menu title and a test id", () => {
    expect(pages.map((page) => page.testid)).toEqual(["nav-ledger", "nav-cases", "nav-rules", "nav-backup"]);
    expect(pages.map((page) => page.path)).toEqual(["/ledger", "/cases", "/settings/rules", "/settings/backup"]);
    expect(new Set(pages.map((page) => page.path)).size).toBe(pages.length);
    for (const page of [...pages, ...subpages]) {
      const [group, key] = page.titleKey.split(".") as [keyof typeof zhCN, string];
      expect((zhCN[group] as Record<string, string>)[key]).toBeTruthy();
    }
  });

  it("opens the ledger at start and for unknown addresses", () => {
    expect(HOME_PATH).toBe("/ledger");
    expect(routes[0]).toMatchObject({ path: "/", redirect: "/ledger" });
    expect(routes.at(-1)).toMatchObject({ redirect: "/ledger" });
  });
});

describe("case pages", () => {
  it("routes /cases/<number> to the case page, under 谣言案件 in the menu", () => {
    const route = routes.find((entry) => entry.name === "case");
    expect(route?.path).toBe("/cases/:id(\\d+)");
    expect(menuPathFor("/cases/12")).toBe("/cases");
    expect(menuPathFor("/cases")).toBe("/cases");
    expect(menuPathFor("/settings/rules")).toBe("/settings/rules");
    expect(menuPathFor("/settings/backup")).toBe("/settings/backup");
    expect(menuPathFor("/ledger")).toBe("/ledger");
    expect(menuPathFor("/casesx")).toBe("/casesx");
  });
});
