import { describe, expect, it } from "vitest";
import { HOME_PATH, menuPathFor, pages, routes, subpages } from "../src/routes";
import zhCN from "../src/i18n/zh-CN";
import { idParam } from "../src/lib/routeParams";

describe("routes", () => {
  it("lists each page once, with a menu title and a test id", () => {
    expect(pages.map((page) => page.testid)).toEqual([
      "nav-dashboard",
      "nav-ledger",
      "nav-cases",
      "nav-pushes",
      "nav-statistics",
      "nav-rules",
      "nav-push-settings",
      "nav-backup",
    ]);
    expect(pages.map((page) => page.path)).toEqual([
      "/dashboard",
      "/ledger",
      "/cases",
      "/pushes",
      "/statistics",
      "/settings/rules",
      "/settings/push",
      "/settings/backup",
    ]);
    expect(new Set(pages.map((page) => page.path)).size).toBe(pages.length);
    for (const page of [...pages, ...subpages]) {
      const [group, key] = page.titleKey.split(".") as [keyof typeof zhCN, string];
      expect((zhCN[group] as Record<string, string>)[key]).toBeTruthy();
    }
  });

  it("opens the dashboard (工作台) at start and for unknown addresses", () => {
    expect(HOME_PATH).toBe("/dashboard");
    expect(routes[0]).toMatchObject({ path: "/", redirect: "/dashboard" });
    expect(routes.at(-1)).toMatchObject({ redirect: "/dashboard" });
    expect(menuPathFor("/statistics")).toBe("/statistics");
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

describe("push pages", () => {
  it("routes /pushes/<number> to the coverage board, under 推送监测 in the menu", () => {
    const route = routes.find((entry) => entry.name === "push");
    expect(route?.path).toBe("/pushes/:id(\\d+)");
    expect(menuPathFor("/pushes/7")).toBe("/pushes");
    expect(menuPathFor("/pushes")).toBe("/pushes");
    expect(menuPathFor("/settings/push")).toBe("/settings/push");
  });
});

describe("record numbers in addresses", () => {
  it("reads a positive whole number, and nothing else", () => {
    expect(idParam("7")).toBe(7);
    expect(idParam(["12", "3"])).toBe(12);
    expect(idParam("0")).toBeNull();
    expect(idParam("1.5")).toBeNull();
    expect(idParam("abc")).toBeNull();
    expect(idParam(undefined)).toBeNull();
  });
});
