import { createI18n } from "vue-i18n";
import { isLocale, type Locale } from "../labels";
import zhCN, { type MessageSchema } from "./zh-CN";
import en from "./en";

export const LOCALE_STORAGE_KEY = "piyao.locale";
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** The saved choice, or Chinese. Never throws (storage may be unavailable). */
export function savedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function createAppI18n(locale: Locale = savedLocale()) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { "zh-CN": zhCN, en },
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/** The part of a vue-i18n composer (`i18n.global` or `useI18n()`) that applyLocale needs. */
export interface LocaleTarget {
  locale: { value: string };
  t: (key: string) => string;
}

/** Switch the language, remember it, and tell the document. */
export function applyLocale(composer: LocaleTarget, locale: Locale): void {
  composer.locale.value = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage unavailable: the choice lasts for this session only
  }
  if (typeof document !== "undefined") {
    document.documentElement.lang = locale;
    document.title = composer.t("app.name");
  }
}
