// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import zhCN from "../src/i18n/zh-CN";
import en from "../src/i18n/en";
import { LOCALE_STORAGE_KEY, applyLocale, createAppI18n, savedLocale } from "../src/i18n";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

beforeEach(() => localStorage.clear());

describe("i18n", () => {
  it("has the same keys in Chinese and English", () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it("starts in Chinese and remembers the switch", () => {
    expect(savedLocale()).toBe("zh-CN");
    const i18n = createAppI18n();
    expect(i18n.global.t("app.name")).toBe("辟谣矩阵协调台");
    applyLocale(i18n.global, "en");
    expect(i18n.global.t("app.name")).toBe("Piyao Matrix");
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(savedLocale()).toBe("en");
  });

  it("ignores a saved value it does not know", () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, "fr");
    expect(savedLocale()).toBe("zh-CN");
  });

  it("interpolates counts into the import summary", () => {
    const { t } = createAppI18n("zh-CN").global;
    expect(t("import.done", { created: 3, updated: 2, skipped: 1 })).toBe("导入完成：已新增 3、已更新 2、已跳过 1");
  });
});
