// The one list of pages. The left navigation is built from `pages` (the first one, 工作台,
// is the start page): a new page is one more entry here, with its i18n title under `nav.*`
// and a data-testid for the end-to-end tests. Pages opened from another page (a case)
// are `subpages`: routed, not in the menu.
import type { Component } from "vue";
import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from "vue-router";
import { DataAnalysis, Document, FolderChecked, Notebook, Odometer, Promotion, Setting, Tools } from "@element-plus/icons-vue";

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
    path: "/dashboard",
    name: "dashboard",
    titleKey: "nav.dashboard",
    icon: Odometer,
    testid: "nav-dashboard",
    component: () => import("./pages/DashboardPage.vue"),
  },
  {
    path: "/ledger",
    name: "ledger",
    titleKey: "nav.ledger",
    icon: Notebook,
    testid: "nav-ledger",
    component: () => import("./pages/LedgerPage.vue"),
  },
  {
    path: "/cases",
    name: "cases",
    titleKey: "nav.cases",
    icon: Document,
    testid: "nav-cases",
    component: () => import("./pages/CasesPage.vue"),
  },
  {
    path: "/pushes",
    name: "pushes",
    titleKey: "nav.pushes",
    icon: Promotion,
    testid: "nav-pushes",
    component: () => import("./pages/PushesPage.vue"),
  },
  {
    path: "/statistics",
    name: "statistics",
    titleKey: "nav.statistics",
    icon: DataAnalysis,
    testid: "nav-statistics",
    component: () => import("./pages/StatisticsPage.vue"),
  },
  {
    path: "/settings/rules",
    name: "rules",
    titleKey: "nav.rules",
    icon: Setting,
    testid: "nav-rules",
    component: () => import("./pages/RulesPage.vue"),
  },
  {
    path: "/settings/push",
    name: "push-settings",
    titleKey: "nav.pushSettings",
    icon: Tools,
    testid: "nav-push-settings",
    component: () => import("./pages/PushSettingsPage.vue"),
  },
  {
    path: "/settings/backup",
    name: "backup",
    titleKey: "nav.backup",
    icon: FolderChecked,
    testid: "nav-backup",
    component: () => import("./pages/BackupPage.vue"),
  },
];

/**
 * Pages reached from another page, not from the menu. `parent` is the menu entry that stays
 * highlighted while they are open.
 */
export interface SubpageEntry {
  path: string;
  name: string;
  titleKey: string;
  parent: string;
  component: () => Promise<Component>;
}

export const subpages: SubpageEntry[] = [
  {
    path: "/cases/:id(\\d+)",
    name: "case",
    titleKey: "nav.case",
    parent: "/cases",
    component: () => import("./pages/CasePage.vue"),
  },
  {
    path: "/pushes/:id(\\d+)",
    name: "push",
    titleKey: "nav.pushBoard",
    parent: "/pushes",
    component: () => import("./pages/PushBoardPage.vue"),
  },
];

/** The menu entry to highlight for an address: its own page, or the parent of a subpage. */
export function menuPathFor(path: string): string {
  const page = pages.find((entry) => path === entry.path || path.startsWith(`${entry.path}/`));
  return page ? page.path : path;
}

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
  ...subpages.map(
    (page): RouteRecordRaw => ({
      path: page.path,
      name: page.name,
      component: page.component,
      meta: { titleKey: page.titleKey, parent: page.parent },
    }),
  ),
  { path: "/:unknown(.*)*", redirect: HOME_PATH },
];

export function createAppRouter(): Router {
  return createRouter({ history: createWebHashHistory(), routes });
}
