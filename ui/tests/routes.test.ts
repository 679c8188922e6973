import { describe, expect, it } from "vitest";
import { HOME_PATH, pages, routes } from "../src/routes";
import zhCN from "../src/i18n/zh-CN";

describe("routes", () => {
  it("lists each page once, with a menu title and a test id", () => {
    expect(pages.map((page) => page.testid)).toContain("nav-ledger");
    expect(new Set(pages.map((page) => page.path)).size).toBe(pages.length);
    for (const page of pages) {
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
