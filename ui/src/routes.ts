// The one list of pages. The left navigation is built from `pages`: a new page
// (工作台, 谣言案件, 推送与覆盖, 统计…) is one more entry here, with its i18n title
// under `nav.*` and a data-testid for the end-to-end tests.
import type { Component } from "vue";
import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from "vue-router";
import { Notebook } from "@element-plus/icons-vue";

export interface PageEntry {
  path: string;
  name: string;
  /** i18n key of the menu title and page title */
  titleKey: string;
  icon: Component;
  /** data-testid of the menu item */
  testid: string;
  component: () => Promise<Component>;
}

export const pages: PageEntry[] = [
  {
    path: "/ledger",
    name: "ledger",
    titleKey: "nav.ledger",
    icon: Notebook,
    testid: "nav-ledger",
    component: () => import("./pages/LedgerPage.vue"),
  },
];

/** The page shown at start (and for any unknown address). */
export const HOME_PATH = pages[0]!.path;

export const routes: RouteRecordRaw[] = [
  { path: "/", redirect: HOME_PATH },
  ...pages.map(
    (page): RouteRecordRaw => ({
      path: page.path,
      name: page.name,
      component: page.component,
      meta: { titleKey: page.titleKey },
    }),
  ),
  { path: "/:unknown(.*)*", redirect: HOME_PATH },
];

export function createAppRouter(): Router {
  return createRouter({ history: createWebHashHistory(), routes });
}
