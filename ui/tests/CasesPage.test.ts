// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));

import CasesPage from "../src/pages/CasesPage.vue";
import type { CaseSummary } from "../src/bindings/CaseSummary";
import { callsOf, globalPlugins, mockBackend, page, sleep, testRouter, type Handler } from "./helpers";
import { caseSummary } from "./caseFixtures";

const EMPTY_FILTER = {
  query: null,
  status: null,
  level: null,
  unit: null,
  subject: null,
  territory: null,
  from: null,
  to: null,
};

const list: CaseSummary[] = [
  caseSummary({
    id: 11,
    title: "龙塔社区发生枪击案",
    status: "verifying",
    level: "serious",
    source: "netizen_report",
    lead_unit: "区公安分局",
    co_units: ["龙塔街道办事处"],
    first_seen_at: "2025-03-01 08:30",
    created_at: "2025-03-01T01:00:00Z",
    rebuttal_due_at: "2025-03-01T06:30:00Z",
    overdue: true,
  }),
  caseSummary({
    id: 12,
    title: '<script>alert("x")</script>青石中心小学食物中毒',
    status: "new",
    source: "patrol",
    created_at: "2025-03-02T01:00:00Z",
  }),
];

const DEFAULT_SORT = { key: "created_at", descending: true };

/** The backend's answer: the rows in the order given (the database sorts), one page of them. */
function backend(cases: CaseSummary[], extra: Record<string, Handler> = {}, total = cases.length) {
  return mockBackend({
    case_page: (args) => ({
      rows: cases,
      total,
      overdue: cases.filter((row) => row.overdue).length,
      page: Math.min(args.page as number, Math.max(1, Math.ceil(total / (args.pageSize as number)))),
      page_size: args.pageSize,
    }),
    unit_list: () => [{ id: 1, name: "区公安分局", kind: "department" }],
    territory_list: () => [{ id: 1, name: "龙塔街道", places: ["龙塔社区"] }],
    assignment_rules_get: () => ({ subject_rules: [{ word: "枪击", subject: "公安" }], unit_subjects: [] }),
    ...extra,
  });
}

async function mountPage(start = "/cases") {
  const router = await testRouter(start);
  const wrapper = mount(CasesPage, {
    global: { plugins: [...globalPlugins().plugins, router] },
    attachTo: document.body,
  });
  await flushPromises();
  await flushPromises();
  await sleep(0);
  return { wrapper, router };
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("CasesPage", () => {
  it("lists the page of cases in the database's order, with tags, labels and the overdue highlight", async () => {
    backend([list[1]!, list[0]!]);
    const { wrapper } = await mountPage();

    expect(callsOf("case_page")[0]).toEqual({ filter: EMPTY_FILTER, sort: DEFAULT_SORT, page: 1, pageSize: 20 });
    const rows = page().findAll('[data-testid="case-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.element.tagName).toBe("TR");
    // as the backend sorted them (newest registration first)
    expect(rows.map((row) => row.attributes("data-case-id"))).toEqual(["12", "11"]);
    expect(rows[1]!.attributes("data-case-title")).toBe("龙塔社区发生枪击案");

    const overdue = rows[1]!;
    expect(overdue.classes()).toContain("row-overdue");
    expect(overdue.find('[data-testid="tag-overdue"]').text()).toBe("已超时");
    expect(overdue.text()).toContain("核查中");
    expect(overdue.text()).toContain("重大");
    expect(overdue.text()).toContain("网民举报");
    expect(overdue.text()).toContain("区公安分局");
    expect(overdue.text()).toContain("2025-03-01 08:30");
    expect(overdue.text()).toContain("2025-03-01 14:30"); // due, in Beijing time
    expect(rows[0]!.classes()).not.toContain("row-overdue");
    expect(rows[0]!.find('[data-testid="tag-overdue"]').exists()).toBe(false);
    expect(rows[0]!.text()).toContain("未研判");
    expect(page().find('[data-testid="overdue-count"]').text()).toBe("1 件已超时");

    // a title is text: no script element, no link
    expect(rows[0]!.text()).toContain('<script>alert("x")</script>青石中心小学食物中毒');
    expect(rows[0]!.find("script").exists()).toBe(false);
    expect(page().find('[data-testid="case-table"]').find("a").exists()).toBe(false);
    expect(rows[0]!.attributes("data-case-title")).toBe('<script>alert("x")</script>青石中心小学食物中毒');
    wrapper.unmount();
  });

  it("asks the database for the order a column header asks for, from the first page", async () => {
    backend(list, {}, 240);
    const { wrapper } = await mountPage();
    await page().find('[data-testid="case-pager"] .el-pager li:last-child').trigger("click");
    await flushPromises();
    expect(callsOf("case_page").at(-1)).toMatchObject({ page: 12, pageSize: 20 });

    const levelHeader = page()
      .findAll(".el-table__header th")
      .find((th) => th.text().includes("等级"))!;
    await levelHeader.find(".caret-wrapper .ascending").trigger("click");
    await flushPromises();
    expect(callsOf("case_page").at(-1)).toMatchObject({ sort: { key: "level", descending: false }, page: 1 });
    wrapper.unmount();
  });

  it("shows 共 N 条 for every matching case, pages through them and remembers the page size", async () => {
    localStorage.clear();
    backend(list, {}, 240);
    const first = await mountPage();
    expect(page().find('[data-testid="case-total"]').text()).toBe("共 240 件");
    expect(page().find('[data-testid="case-pager"]').text()).toContain("240");
    // a page size chosen once is kept for the next visit
    await page().find('[data-testid="case-pager"] .el-select__wrapper').trigger("click");
    await flushPromises();
    const hundred = page()
      .findAll(".el-select-dropdown__item")
      .find((item) => item.text().startsWith("100"))!;
    await hundred.trigger("click");
    await flushPromises();
    expect(callsOf("case_page").at(-1)).toMatchObject({ page: 1, pageSize: 100 });
    first.wrapper.unmount();
    document.body.innerHTML = "";
    backend(list, {}, 240);
    const second = await mountPage();
    expect(callsOf("case_page")[0]).toMatchObject({ pageSize: 100 });
    second.wrapper.unmount();
  });

  it("searches through case_page with the query, from its first character", async () => {
    backend(list);
    const { wrapper } = await mountPage();
    const search = page().find('[data-testid="case-search"]');
    expect(search.element.tagName).toBe("INPUT");
    expect(page().find('[data-testid="case-search-hint"]').text()).toBe("支持任意字词片段，一个字也可以");

    await search.setValue("枪");
    await sleep(350);
    await flushPromises();
    expect(callsOf("case_page").at(-1)).toMatchObject({ filter: { ...EMPTY_FILTER, query: "枪" }, page: 1 });

    await search.setValue(" 枪击 ");
    await sleep(350);
    await flushPromises();
    expect(callsOf("case_page").at(-1)).toMatchObject({ filter: { ...EMPTY_FILTER, query: "枪击" } });
    wrapper.unmount();
  });

  it("filters by status through the backend", async () => {
    backend(list);
    const { wrapper } = await mountPage();
    await page().find('[data-testid="filter-case-status"] .el-select__wrapper').trigger("click");
    await flushPromises();
    await page().find('li[data-value="verifying"]').trigger("click");
    await flushPromises();
    expect(callsOf("case_page").at(-1)).toMatchObject({ filter: { ...EMPTY_FILTER, status: "verifying" }, page: 1 });
    wrapper.unmount();
  });

  it("opens the case page when a row is clicked", async () => {
    backend(list);
    const { wrapper, router } = await mountPage();
    const row = page().findAll('[data-testid="case-row"]').find((r) => r.attributes("data-case-id") === "11")!;
    await row.find("td").trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe("/cases/11");
    wrapper.unmount();
  });

  it("opens the intake at once when the address asks for it (the dashboard's 登记谣言), then forgets it", async () => {
    backend(list);
    const { wrapper, router } = await mountPage("/cases?intake=1");
    const dialog = page().find('[data-testid="intake-dialog"]');
    expect(dialog.exists()).toBe(true);
    expect(dialog.isVisible()).toBe(true);
    expect(router.currentRoute.value.fullPath).toBe("/cases");
    wrapper.unmount();
  });

  it("explains an empty list", async () => {
    backend([]);
    const { wrapper } = await mountPage();
    expect(page().find('[data-testid="case-empty"]').text()).toContain("还没有登记谣言案件");
    expect(page().findAll('[data-testid="case-row"]')).toHaveLength(0);
    wrapper.unmount();
  });
});
