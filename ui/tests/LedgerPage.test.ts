// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));
vi.mock("@tauri-apps/api/event", () => import("./eventBus"));

import { save } from "@tauri-apps/plugin-dialog";
import LedgerPage from "../src/pages/LedgerPage.vue";
import type { Account } from "../src/bindings/Account";
import { account, callsOf, globalPlugins, mockBackend, page, sleep, type Handler } from "./helpers";
import { emitEvent } from "./eventBus";

const ledger: Account[] = [
  account({
    name: "平安临江",
    platform: "weibo",
    tier: "main",
    unit: "区公安分局",
    watch_url: "https://weibo.com/u/100200300",
    contact: "王警官 13800000000",
  }),
  account({ name: "临江发布", tier: "main", unit: "区委网信办" }),
  account({
    name: '<img src=x onerror="alert(1)">本地吃货',
    platform: "douyin",
    tier: "allied",
    territory: "东湖镇",
    watch_url: "javascript:alert(1)",
    active: false,
  }),
];

/** The backend's page of a ledger (the database filters and cuts; here the list is the match). */
function pageOf(accounts: () => Account[]): Handler {
  return (args) => {
    const all = accounts();
    const size = args.pageSize as number;
    const last = Math.max(1, Math.ceil(all.length / size));
    const pageNo = Math.min(Math.max(1, args.page as number), last);
    const tiers = (["main", "auxiliary", "allied"] as const)
      .map((tier) => ({ tier, count: all.filter((a) => a.tier === tier).length }))
      .filter((c) => c.count > 0);
    return { rows: all.slice((pageNo - 1) * size, pageNo * size), total: all.length, page: pageNo, page_size: size, tiers };
  };
}

function backend(accounts: Account[], extra: Record<string, Handler> = {}) {
  return mockBackend({
    db_status: () => ({ path: "/data/piyao.db", accounts: accounts.length, schema_version: 1 }),
    account_page: pageOf(() => accounts),
    unit_list: () => [
      { id: 1, name: "区委网信办", kind: "department" },
      { id: 2, name: "东湖镇", kind: "town" },
    ],
    territory_list: () => [{ id: 1, name: "东湖镇", places: ["东湖村"] }],
    // the core resolves addresses; this stands in for two of its answers
    account_source_preview: (args) => {
      const url = (args.watchUrl as string | null) ?? "";
      const uid = /weibo\.com\/u\/(\d+)/.exec(url)?.[1];
      if (url === "") return { source: null, label: null, reading: null };
      if (!uid) throw { code: "invalid", message: `这个微博地址里没有数字ID：${url}。` };
      return {
        source: { kind: "weibo", uid },
        label: `微博 UID ${uid}`,
        reading: { kind: "fetch", url: `https://m.weibo.cn/api/container/getIndex?type=uid&value=${uid}` },
      };
    },
    ...extra,
  });
}

async function mountPage() {
  const wrapper = mount(LedgerPage, { global: globalPlugins(), attachTo: document.body });
  await flushPromises();
  await flushPromises();
  return wrapper;
}

beforeEach(() => {
  document.body.innerHTML = "";
  sessionStorage.clear();
});

describe("LedgerPage", () => {
  it("lists the accounts with tier counts, labels and safe text", async () => {
    backend(ledger);
    const wrapper = await mountPage();

    expect(callsOf("account_page")[0]).toEqual({
      filter: { query: null, tier: null, platform: null, unit: null, territory: null },
      page: 1,
      pageSize: 20,
    });
    const table = page().find('[data-testid="ledger-table"]');
    expect(table.text()).toContain("平安临江");
    expect(table.text()).toContain("微博");
    expect(table.text()).toContain("主力军");
    expect(table.text()).toContain("区公安分局");
    expect(table.text()).toContain("https://weibo.com/u/100200300");
    expect(table.text()).toContain("停用");

    expect(page().find('[data-testid="tier-count-main"]').text()).toBe("主力军 2");
    expect(page().find('[data-testid="tier-count-auxiliary"]').text()).toBe("生力军 0");
    expect(page().find('[data-testid="tier-count-allied"]').text()).toBe("同盟军 1");

    // untrusted names and URLs are text: no markup, no links
    expect(table.text()).toContain('<img src=x onerror="alert(1)">本地吃货');
    expect(table.find("img").exists()).toBe(false);
    expect(table.find("a").exists()).toBe(false);

    const edits = page().findAll('[data-testid="edit-account"]');
    expect(edits.length).toBeGreaterThanOrEqual(3);
    expect(edits[0]!.element.tagName).toBe("BUTTON");
    expect(edits.map((button) => button.attributes("data-account-name"))).toContain("平安临江");

    expect(page().find('[data-testid="demo-offer"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("sends the search text to the backend", async () => {
    backend(ledger);
    const wrapper = await mountPage();
    const search = page().find('[data-testid="ledger-search"]');
    expect(search.element.tagName).toBe("INPUT");
    await search.setValue("  公安 ");
    await sleep(300);
    await flushPromises();
    expect(callsOf("account_page").at(-1)).toEqual({
      filter: { query: "公安", tier: null, platform: null, unit: null, territory: null },
      page: 1,
      pageSize: 20,
    });
    wrapper.unmount();
  });

  it("offers the demo ledger when the database is empty, and loads it", async () => {
    let accounts: Account[] = [];
    backend([], {
      account_page: pageOf(() => accounts),
      demo_load: () => {
        accounts = ledger;
        return { created: 3, updated: 0, skipped: 0 };
      },
    });
    const wrapper = await mountPage();
    expect(page().find('[data-testid="ledger-empty"]').text()).toContain("台账中还没有账号");

    const offer = page().find('[data-testid="demo-offer"]');
    expect(offer.exists()).toBe(true);
    expect(offer.text()).toContain("示范台账");
    await page().find('[data-testid="btn-load-demo"]').trigger("click");
    await flushPromises();
    await flushPromises();

    expect(callsOf("demo_load")).toHaveLength(1);
    expect(page().find('[data-testid="ledger-table"]').text()).toContain("平安临江");
    expect(document.body.textContent).toContain("已载入示范台账，新增 3 个账号");
    wrapper.unmount();
  });

  it("does not offer the demo again after 暂不需要", async () => {
    backend([]);
    const first = await mountPage();
    await page().find('[data-testid="btn-skip-demo"]').trigger("click");
    await flushPromises();
    first.unmount();
    document.body.innerHTML = "";

    const second = await mountPage();
    expect(page().find('[data-testid="demo-offer"]').exists()).toBe(false);
    expect(callsOf("demo_load")).toHaveLength(0);
    second.unmount();
  });

  it("edits an account: checks the form, then saves through update_account", async () => {
    const updated = { ...ledger[0]!, contact: "值班室 0571-0000000" };
    backend(ledger, { account_update: () => updated });
    const wrapper = await mountPage();

    const edit = page()
      .findAll('[data-testid="edit-account"]')
      .find((button) => button.attributes("data-account-name") === "平安临江")!;
    await edit.trigger("click");
    await flushPromises();

    const name = page().find('[data-testid="account-name"]');
    expect(name.element.tagName).toBe("INPUT");
    expect((name.element as HTMLInputElement).value).toBe("平安临江");
    expect(page().find('[data-testid="account-notes"]').element.tagName).toBe("TEXTAREA");
    expect(page().find('[data-testid="account-unit"]').element.tagName).toBe("INPUT");

    // an address the core cannot resolve is refused with its message before anything is sent
    await page().find('[data-testid="account-url"]').setValue("https://weibo.com/pinganlinjiang");
    await page().find('[data-testid="btn-save-account"]').trigger("click");
    await flushPromises();
    await sleep(150); // Element Plus shows a field's error after a short debounce
    expect(page().text()).toContain("这个微博地址里没有数字ID");
    expect(callsOf("account_source_preview").at(-1)).toEqual({
      platform: "weibo",
      watchUrl: "https://weibo.com/pinganlinjiang",
    });
    expect(callsOf("account_update")).toHaveLength(0);

    await page().find('[data-testid="account-url"]').setValue("https://weibo.com/u/100200300");
    await flushPromises();
    // what the checker will read is shown under the address
    expect(page().find('[data-testid="account-source-label"]').text()).toBe("微博 UID 100200300");
    expect(page().find('[data-testid="account-source-reading"]').text()).toBe("可自动核查");
    await page().find('[data-testid="account-contact"]').setValue("值班室 0571-0000000");
    await page().find('[data-testid="btn-save-account"]').trigger("click");
    await flushPromises();

    expect(callsOf("account_update")).toEqual([
      {
        id: ledger[0]!.id,
        input: {
          name: "平安临江",
          platform: "weibo",
          tier: "main",
          unit: "区公安分局",
          territory: null,
          watch_url: "https://weibo.com/u/100200300",
          contact: "值班室 0571-0000000",
          notes: null,
          active: true,
        },
      },
    ]);
    wrapper.unmount();
  });

  it("shows the backend's message when saving fails", async () => {
    backend(ledger, {
      account_create: () => {
        throw { code: "duplicate_account", message: "该平台上已有同名账号：临江发布" };
      },
    });
    const wrapper = await mountPage();
    await page().find('[data-testid="btn-add-account"]').trigger("click");
    await flushPromises();
    await page().find('[data-testid="btn-save-account"]').trigger("click");
    await flushPromises();
    await sleep(150);
    expect(page().text()).toContain("请输入账号名称");
    expect(callsOf("account_create")).toHaveLength(0);

    await page().find('[data-testid="account-name"]').setValue("临江发布");
    await page().find('[data-testid="btn-save-account"]').trigger("click");
    await flushPromises();
    expect(callsOf("account_create")).toHaveLength(1);
    expect(document.body.textContent).toContain("该平台上已有同名账号：临江发布");
    wrapper.unmount();
  });

  it("exports to the file chosen in the save dialog", async () => {
    backend(ledger, { ledger_export: () => 3 });
    vi.mocked(save).mockResolvedValueOnce("/home/user/台账.xlsx");
    const wrapper = await mountPage();
    await page().find('[data-testid="btn-export"]').trigger("click");
    await flushPromises();
    expect(vi.mocked(save).mock.calls[0]![0]).toMatchObject({ defaultPath: "台账.xlsx" });
    // the filter goes with it: the backend writes every matching account, not the page
    expect(callsOf("ledger_export")).toEqual([
      { path: "/home/user/台账.xlsx", filter: { query: null, tier: null, platform: null, unit: null, territory: null } },
    ]);
    expect(document.body.textContent).toContain("已导出 3 个账号");
    wrapper.unmount();
  });

  it("filters by tier through the backend", async () => {
    backend(ledger);
    const wrapper = await mountPage();
    await page().find('[data-testid="filter-tier"] .el-select__wrapper').trigger("click");
    await flushPromises();
    await page().find('li[data-value="allied"]').trigger("click");
    await flushPromises();
    expect(callsOf("account_page").at(-1)).toEqual({
      filter: { query: null, tier: "allied", platform: null, unit: null, territory: null },
      page: 1,
      pageSize: 20,
    });
    wrapper.unmount();
  });

  it("moves the selected accounts to another tier, and deletes them after a confirmation", async () => {
    backend(ledger, { account_set_tier: (args) => (args.ids as number[]).length, account_delete: (args) => (args.ids as number[]).length });
    const wrapper = await mountPage();
    expect(page().find('[data-testid="btn-bulk-tier"]').exists()).toBe(false);

    const rowBoxes = page().findAll(".el-table__body .el-checkbox input");
    await rowBoxes[0]!.setValue(true);
    await rowBoxes[2]!.setValue(true);
    await flushPromises();
    expect(page().find('[data-testid="selection-bar"]').text()).toContain("已选 2 个账号");

    await page().find('[data-testid="bulk-tier-auxiliary"]').trigger("click");
    await flushPromises();
    expect(callsOf("account_set_tier")).toEqual([{ ids: [ledger[0]!.id, ledger[2]!.id], tier: "auxiliary" }]);
    expect(document.body.textContent).toContain("已将 2 个账号调整为生力军");

    const boxes = page().findAll(".el-table__body .el-checkbox input");
    await boxes[1]!.setValue(true);
    await flushPromises();
    await page().find('[data-testid="btn-delete-selected"]').trigger("click");
    await flushPromises();
    expect(document.body.textContent).toContain("确定删除选中的 1 个账号吗？删除后不可恢复。");
    expect(callsOf("account_delete")).toHaveLength(0);
    await page().find(".el-message-box .el-button--danger").trigger("click");
    await flushPromises();
    await sleep(50);
    await flushPromises();
    expect(callsOf("account_delete")).toEqual([{ ids: [ledger[1]!.id] }]);
    wrapper.unmount();
  });

  it("pages a large ledger in the backend, says how many match, and bulk-changes all of them", async () => {
    const many: Account[] = Array.from({ length: 120 }, (_, i) =>
      account({ name: `账号${String(i).padStart(3, "0")}`, tier: i % 2 ? "auxiliary" : "main", unit: "区委网信办" }),
    );
    backend(many, { account_set_tier_matching: () => 120 });
    const wrapper = await mountPage();
    expect(callsOf("account_page").at(-1)).toMatchObject({ page: 1, pageSize: 20 });
    expect(page().findAll(".el-table__body tr.el-table__row")).toHaveLength(20);
    expect(page().find('[data-testid="ledger-pager"]').text()).toContain("120"); // 共 120 条 under the app's zh-CN locale
    expect(page().find('[data-testid="tier-count-main"]').text()).toBe("主力军 60");
    // a page past the end comes back as the last page
    await page().find('[data-testid="ledger-pager"] .el-pager li:last-child').trigger("click");
    await flushPromises();
    expect(callsOf("account_page").at(-1)).toMatchObject({ page: 6 });
    expect(page().findAll(".el-table__body tr.el-table__row")).toHaveLength(20);
    // every row of the page ticked: all 120 can be chosen, and the bulk action says so
    for (const box of page().findAll(".el-table__body .el-checkbox input")) await box.setValue(true);
    await flushPromises();
    await page().find('[data-testid="btn-select-all-matching"]').trigger("click");
    await flushPromises();
    expect(page().find('[data-testid="selection-count"]').text()).toBe("已选 120 个账号");
    await page().find('[data-testid="bulk-tier-allied"]').trigger("click");
    await flushPromises();
    expect(callsOf("account_set_tier_matching")).toEqual([
      { filter: { query: null, tier: null, platform: null, unit: null, territory: null }, tier: "allied" },
    ]);
    expect(callsOf("account_set_tier")).toHaveLength(0);
    wrapper.unmount();
  });

  it("shows a bulk change's progress and cancels it before it commits", async () => {
    const many: Account[] = Array.from({ length: 60 }, (_, i) => account({ name: `账号${i}`, tier: "allied" }));
    let cancelled: () => void = () => {};
    backend(many, {
      // as the backend does: reports batches, and rolls back when 取消 was pressed
      account_set_tier_matching: () =>
        new Promise((_, reject) => {
          emitEvent("bulk-progress", { done: 0, total: 100000 });
          emitEvent("bulk-progress", { done: 40000, total: 100000 });
          cancelled = () => reject({ code: "cancelled", message: "已取消：调整梯队，没有做任何修改" });
        }),
      account_bulk_cancel: () => {
        cancelled();
        return null;
      },
      account_page: (args) => ({
        rows: many.slice(0, args.pageSize as number),
        total: 100000,
        page: 1,
        page_size: args.pageSize,
        tiers: [{ tier: "allied", count: 100000 }],
      }),
    });
    const wrapper = await mountPage();
    for (const box of page().findAll(".el-table__body .el-checkbox input")) await box.setValue(true);
    await flushPromises();
    await page().find('[data-testid="btn-select-all-matching"]').trigger("click");
    await flushPromises();
    await page().find('[data-testid="bulk-tier-main"]').trigger("click");
    await flushPromises();
    const dialog = page().find('[data-testid="bulk-progress"]');
    expect(dialog.text()).toContain("正在调整 100000 个账号的梯队");
    expect(page().find('[data-testid="bulk-progress-count"]').text()).toBe("已处理 40000 / 100000 个账号");
    expect(page().find('[data-testid="bulk-progress-bar"]').text()).toContain("40%");
    await page().find('[data-testid="btn-bulk-cancel"]').trigger("click");
    await flushPromises();
    expect(callsOf("account_bulk_cancel")).toHaveLength(1);
    expect(document.body.textContent).toContain("已取消：调整梯队，没有做任何修改");
    await sleep(350); // the dialog's closing transition
    expect(page().find('[data-testid="bulk-progress"]').isVisible()).toBe(false);
    wrapper.unmount();
  });

  it("tests one account and shows what the checker reads there", async () => {
    const tested = account({
      name: "平安临江",
      platform: "weibo",
      watch_url: "https://weibo.com/u/100200300",
      source_label: "微博 UID 100200300",
      readability: { checkable: "failed", reason: "平台拒绝了访问（HTTP 432）", tested_at: "2026-12-01T02:00:00Z" },
    });
    backend([tested], {
      account_probe: () => ({
        account_id: tested.id,
        account: "平安临江",
        readability: { checkable: "auto", reason: "读到 2 条，第一条：冬季防火提示", tested_at: "2026-12-03T02:00:00Z" },
        read_url: "https://m.weibo.cn/api/container/getIndex?type=uid&value=100200300",
        items: [
          { title: "冬季防火提示：请勿在林区吸烟。", date: "2026-12-03T01:00:00Z", link: "https://m.weibo.cn/status/2" },
          { title: "<b>报警请拨打110</b>", date: null, link: null },
        ],
      }),
    });
    const wrapper = await mountPage();
    // the ledger shows what the last test found, and what the address resolved to
    const cell = page().find('[data-testid="account-checkable"]');
    expect(cell.attributes("data-checkable")).toBe("failed");
    expect(cell.text()).toBe("读取失败");
    expect(page().find('[data-testid="account-source-cell"]').text()).toBe("微博 UID 100200300");

    await page().find('[data-testid="probe-account"]').trigger("click");
    await flushPromises();
    expect(callsOf("account_probe")).toEqual([{ id: tested.id }]);
    const dialog = page().find('[data-testid="probe-dialog"]');
    expect(dialog.find('[data-testid="probe-checkable"]').text()).toBe("可自动核查");
    expect(dialog.find('[data-testid="probe-reason"]').text()).toContain("读到 2 条");
    expect(dialog.find('[data-testid="probe-read-url"]').text()).toContain("m.weibo.cn/api/container/getIndex");
    const items = dialog.findAll('[data-testid="probe-item"]').map((i) => i.text());
    expect(items).toEqual(["冬季防火提示：请勿在林区吸烟。", "<b>报警请拨打110</b>"]);
    expect(dialog.find("b").exists()).toBe(false); // text, never markup
    // the ledger reloads to show the new result
    expect(callsOf("account_page").length).toBeGreaterThan(1);
    wrapper.unmount();
  });

  it("tests every account with progress, can cancel, and filters on 可核查", async () => {
    let finish: (value: unknown) => void = () => {};
    backend(ledger, {
      account_probe_all: () =>
        new Promise((resolve) => {
          emitEvent("probe-progress", { done: 0, total: 3, found: { auto: 0, people: 0, failed: 0, cancelled: false } });
          emitEvent("probe-progress", { done: 2, total: 3, found: { auto: 1, people: 1, failed: 0, cancelled: false } });
          finish = resolve;
        }),
      account_probe_cancel: () => {
        finish({ auto: 1, people: 1, failed: 0, cancelled: true });
        return null;
      },
    });
    const wrapper = await mountPage();
    await page().find('[data-testid="btn-probe-all"]').trigger("click");
    await flushPromises();
    expect(page().find('[data-testid="probe-all-count"]').text()).toBe("已测试 2 / 3 个账号");
    expect(page().find('[data-testid="probe-all-found"]').text()).toContain("可自动核查 1");
    expect(page().find('[data-testid="probe-all-bar"]').text()).toContain("66%");
    await page().find('[data-testid="btn-probe-cancel"]').trigger("click");
    await flushPromises();
    expect(callsOf("account_probe_cancel")).toHaveLength(1);
    expect(page().find('[data-testid="probe-all-count"]').text()).toBe("已取消，已测试的账号保留结果");
    await page().find('[data-testid="btn-probe-all-close"]').trigger("click");
    await flushPromises();

    const before = callsOf("account_page").length;
    await page().find('[data-testid="filter-checkable"]').trigger("click");
    await flushPromises();
    const option = document.querySelector('[data-value="people"]') as HTMLElement;
    option.click();
    await flushPromises();
    const last = callsOf("account_page").at(-1)!;
    expect(callsOf("account_page").length).toBeGreaterThan(before);
    expect((last.filter as Record<string, unknown>).checkable).toBe("people");
    wrapper.unmount();
  });
});
