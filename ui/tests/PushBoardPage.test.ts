// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/api/event", () => import("./eventBus"));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));
// files dropped on the window: the handlers the dialogs subscribed, to be called as the webview does
const { drops } = vi.hoisted(() => ({ drops: [] as Array<(event: { payload: unknown }) => void> }));
vi.mock("@tauri-apps/api/webview", () => ({
  getCurrentWebview: () => ({
    onDragDropEvent: async (handler: (event: { payload: unknown }) => void) => {
      drops.push(handler);
      return () => drops.splice(drops.indexOf(handler), 1);
    },
  }),
}));

import PushBoardPage from "../src/pages/PushBoardPage.vue";
import type { PushBoard } from "../src/bindings/PushBoard";
import type { TargetResult } from "../src/bindings/TargetResult";
import { appGlobal, byTestid, callsOf, clickTestid, loaded, mockBackend, page, sleep, testRouter, type Handler } from "./helpers";
import { board, coverageOf, delivery, monitor, push, target, targetPage, tierCoverage } from "./pushFixtures";
import { emitEvent } from "./eventBus";
import { open } from "@tauri-apps/plugin-dialog";

/** Drops files on the window, as the webview reports it: dragged over, then dropped. */
async function dropFiles(paths: string[]) {
  for (const handler of [...drops]) handler({ payload: { type: "over", position: { x: 1, y: 1 } } });
  await flushPromises();
  for (const handler of [...drops]) handler({ payload: { type: "drop", paths, position: { x: 1, y: 1 } } });
  await flushPromises();
}

const XSS_TITLE = '<script>alert("x")</script>关于网传枪击案的辟谣';
const XSS_FRAGMENT = '<img src=x onerror="alert(1)">经核查，网传信息不实';

function someTargets(): TargetResult[] {
  return [
    target({
      account_id: 1,
      account: "平安云川",
      tier: "main",
      platform: "weibo",
      unit: "区公安分局",
      territory: "龙塔街道",
      verdict: "reposted",
      watch_url: "https://weibo.com/pingan",
      first_seen_at: "2025-03-01T04:10:00Z",
      checked_at: "2025-03-01T04:10:00Z",
      attempts: 2,
      evidence: {
        page_url: "https://weibo.com/pingan",
        item_title: XSS_TITLE,
        item_url: "javascript:alert(1)",
        fragment: XSS_FRAGMENT,
        score: 0.923,
        http_status: 200,
        checked_at: "2025-03-01T04:10:00Z",
        explanation: "标题与辟谣信息高度一致",
        page_kind: "html_list",
        items_read: [
          { title: "云川区召开安全生产会议", date: "2025-03-01", link: "https://weibo.com/pingan/2", decisive: false },
          { title: XSS_TITLE, date: null, link: "javascript:alert(1)", decisive: true },
        ],
      },
    }),
    target({ account_id: 2, account: "云川发布", tier: "main", unit: "区委网信办", verdict: "not_found", attempts: 2 }),
    target({ account_id: 3, account: "龙塔街道", tier: "auxiliary", unit: "龙塔街道办事处", territory: "龙塔街道" }),
    target({ account_id: 4, account: "云川生活圈", tier: "auxiliary", platform: "group_chat", verdict: "rumor_reposted", attempts: 1 }),
  ];
}

/** The board of these targets: its rumor reposters and unverified accounts as the backend lists them. */
function boardRecord(fields: Partial<PushBoard> = {}, targets: TargetResult[] = someTargets()): PushBoard {
  currentTargets = targets;
  return board({
    push: push({
      deadlines: [
        { tier: "main", due_at: "2025-03-01T05:00:00Z" }, // long past
        { tier: "auxiliary", due_at: "2099-03-01T08:00:00Z" },
      ],
    }),
    coverage: coverageOf([
      tierCoverage("main", { targeted: 2, reposted: 1, not_found: 1 }),
      tierCoverage("auxiliary", { targeted: 2, reposted: 0, rumor_reposted: 1, pending: 1 }),
    ]),
    by_unit: [
      { name: "区公安分局", targeted: 1, reposted: 1, rumor_reposted: 0, stragglers: 0, unverified: 0, ratio: 1 },
      { name: "区委网信办", targeted: 1, reposted: 0, rumor_reposted: 0, stragglers: 1, unverified: 0, ratio: 0 },
      { name: "龙塔街道办事处", targeted: 1, reposted: 0, rumor_reposted: 0, stragglers: 1, unverified: 0, ratio: 0 },
      { name: "（未填写）", targeted: 1, reposted: 0, rumor_reposted: 1, stragglers: 1, unverified: 0, ratio: 0 },
    ],
    by_territory: [
      { name: "龙塔街道", targeted: 2, reposted: 1, rumor_reposted: 0, stragglers: 1, unverified: 0, ratio: 0.5 },
      { name: "（未填写）", targeted: 2, reposted: 0, rumor_reposted: 1, stragglers: 2, unverified: 0, ratio: 0 },
    ],
    curve: [{ at: "2025-03-01T04:10:00Z", tier: "main", reposted: 1 }],
    rumor_reposters: targets.filter((t) => t.verdict === "rumor_reposted"),
    blocked_causes: [],
    ...fields,
  });
}

let current: PushBoard;
let currentTargets: TargetResult[] = [];

function backend(extra: Record<string, Handler> = {}) {
  current = boardRecord();
  return mockBackend({
    push_board: () => current,
    push_target_page: (args) => targetPage(currentTargets, args),
    push_target_images: () => [],
    push_deliveries: () => [
      delivery({ id: 1 }),
      delivery({
        id: 2,
        bot_id: 2,
        bot_name: "同盟军群",
        kind: "dingtalk",
        purpose: "reminder",
        outcome: { ok: false, parts: 2, attempts: 3, http_status: 200, error: "签名不匹配（310000）" },
      }),
    ],
    ...extra,
  });
}

async function mountBoard(path = "/pushes/7") {
  const router = await testRouter(path);
  const wrapper = mount(PushBoardPage, { global: appGlobal(router, { RepostCurve: true }), attachTo: document.body });
  return loaded({ wrapper, router });
}

const find = byTestid;

function shownAccounts(): string[] {
  return page()
    .findAll('[data-testid="target-row"]')
    .map((row) => row.attributes("data-account-id")!);
}

const click = clickTestid;

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("PushBoardPage", () => {
  it("shows the push, its case, per-tier coverage with the overdue tier, and the rumor alert", async () => {
    backend();
    const { wrapper } = await mountBoard();
    expect(callsOf("push_board")).toEqual([{ pushId: 7 }]);
    expect(callsOf("push_deliveries")).toEqual([{ pushId: 7 }]);

    expect(find("board-case-link").text()).toBe("龙塔社区发生枪击案");
    expect(find("board-case-link").attributes("href")).toContain("/cases/5");
    expect(find("board-rebuttal-title").text()).toBe("关于“龙塔社区发生枪击案”的辟谣");
    expect(find("monitor-state").attributes("data-active")).toBe("true");
    expect(find("monitor-state").text()).toContain("每 10 分钟自动检查一次");

    expect(find("coverage-main").attributes("data-ratio")).toBe("0.5");
    expect(find("coverage-main-percent").text()).toBe("50%");
    expect(find("coverage-main-overdue").text()).toBe("已超时");
    expect(find("coverage-main-deadline").text()).toBe("截止 2025-03-01 13:00");
    expect(find("coverage-auxiliary").attributes("data-ratio")).toBe("0");
    expect(find("coverage-auxiliary-overdue").exists()).toBe(false);
    expect(find("coverage-total-targeted").text()).toBe("4");

    expect(find("rumor-alert").text()).toContain("发现 1 个账号转发了谣言：云川生活圈");
    expect(shownAccounts()).toEqual(["1", "2", "3", "4"]);
    const verdicts = page()
      .findAll('[data-testid="target-row"] [data-testid="verdict-tag"]')
      .map((tag) => tag.text());
    expect(verdicts).toEqual(["已转载", "未发现转载", "待检查", "转发了谣言"]);
    // only accounts not reposted can be confirmed by hand
    expect(find("btn-confirm-1").exists()).toBe(false);
    expect(find("btn-confirm-2").exists()).toBe(true);

    const deliveries = page().findAll('[data-testid="push-deliveries"] [data-testid="delivery-row"]');
    expect(deliveries.map((row) => row.attributes("data-ok"))).toEqual(["true", "false"]);
    expect(find("delivery-error").text()).toBe("签名不匹配（310000）");
    wrapper.unmount();
  });

  it("says once that several accounts could not be checked for the same reason", async () => {
    backend();
    current = boardRecord({
      blocked_causes: [
        {
          verdict: "blocked",
          why: "订阅转换服务报错（HTTP 503）：Error: Cookies expired。转换服务保存的登录信息已失效。",
          accounts: 7,
          names: ["云川抖音", "龙塔头条", "东湖抖音", "西城头条", "南山抖音"],
        },
      ],
    });
    const { wrapper, router } = await mountBoard();
    const cause = find("blocked-cause");
    expect(cause.attributes("data-count")).toBe("7");
    expect(cause.text()).toContain("7 个账号因同一原因未能核查（不是未转载）");
    expect(find("blocked-cause-why").text()).toContain("Cookies expired");
    expect(cause.text()).toContain("云川抖音、龙塔头条、东湖抖音、西城头条、南山抖音 等");
    expect(find("btn-show-blocked").text()).toBe("只看被拦截的账号");
    await click("btn-show-blocked");
    expect(router.currentRoute.value.query).toEqual({ verdict: "blocked" });
    wrapper.unmount();
  });

  it("opens the targets table on the accounts behind every figure", async () => {
    backend();
    const { wrapper, router } = await mountBoard();

    await click("coverage-main-stragglers");
    expect(router.currentRoute.value.query).toEqual({ tier: "main", stragglers: "1" });
    expect(shownAccounts()).toEqual(["2"]);
    expect(find("targets-count").text()).toBe("显示 1 / 4 个账号");

    await click("coverage-auxiliary-verdict-pending");
    expect(router.currentRoute.value.query).toEqual({ tier: "auxiliary", verdict: "pending" });
    expect(shownAccounts()).toEqual(["3"]);

    await click("coverage-total-reposted");
    expect(shownAccounts()).toEqual(["1"]);

    // a unit's figures; accounts without a unit are the backend's （未填写） group
    const unfilled = page()
      .findAll('[data-testid="by-unit"] [data-testid="group-row"]')
      .find((row) => row.attributes("data-name") === "（未填写）")!;
    expect(unfilled.find('[data-testid="group-name"]').text()).toBe("（未填写）");
    await unfilled.find('[data-testid="group-stragglers"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ unit: "（未填写）", stragglers: "1" });
    expect(shownAccounts()).toEqual(["4"]);

    // a town's figures
    await click("tab-by-territory");
    const town = page()
      .findAll('[data-testid="by-territory"] [data-testid="group-row"]')
      .find((row) => row.attributes("data-name") === "龙塔街道")!;
    await town.find('[data-testid="group-targeted"]').trigger("click");
    await flushPromises();
    expect(shownAccounts()).toEqual(["1", "3"]);

    await click("btn-show-rumor");
    expect(router.currentRoute.value.query).toEqual({ verdict: "rumor_reposted" });
    expect(shownAccounts()).toEqual(["4"]);

    await click("btn-clear-target-filters");
    expect(router.currentRoute.value.query).toEqual({});
    expect(shownAccounts()).toEqual(["1", "2", "3", "4"]);
    wrapper.unmount();
  });

  it("pages through a push of many targets in the backend, and reads the page again when the board reloads", async () => {
    backend();
    const many = Array.from({ length: 120 }, (_, i) =>
      target({ account_id: 100 + i, account: `账号${i}`, tier: "auxiliary", verdict: i % 2 ? "unreadable" : null }),
    );
    current = boardRecord({ push: push({ targets: 120 }) }, many);
    const { wrapper } = await mountBoard();
    expect(callsOf("push_target_page")[0]).toMatchObject({ pushId: 7, page: 1 });
    expect(find("targets-count").text()).toBe("显示 120 / 120 个账号");
    expect(shownAccounts()).toHaveLength(callsOf("push_target_page")[0]!.pageSize as number);
    await page().find('[data-testid="targets-pagination"] .el-pager li:last-child').trigger("click");
    await flushPromises();
    expect(callsOf("push_target_page").at(-1)).toMatchObject({ page: 6 });
    // an account the checker could not see can be confirmed by hand
    expect(find("btn-confirm-219").exists()).toBe(true);
    const before = callsOf("push_target_page").length;
    emitEvent("push-updated", { push_id: 7 });
    await flushPromises();
    await sleep(0);
    await flushPromises();
    expect(callsOf("push_target_page").length).toBeGreaterThan(before);
    expect(callsOf("push_target_page").at(-1)).toMatchObject({ page: 6 });
    wrapper.unmount();
  });

  it("reads the filter from the address", async () => {
    backend();
    const { wrapper } = await mountBoard("/pushes/7?tier=main&verdict=not_found");
    expect(shownAccounts()).toEqual(["2"]);
    wrapper.unmount();
  });

  it("shows evidence as text: page markup stays literal and URLs are not links", async () => {
    backend();
    const { wrapper } = await mountBoard();
    const row = page()
      .findAll('[data-testid="target-row"]')
      .find((r) => r.attributes("data-account-id") === "1")!;
    await row.find(".el-table__expand-icon").trigger("click");
    await flushPromises();

    const evidence = find("evidence");
    expect(evidence.exists()).toBe(true);
    expect(find("evidence-item-title").text()).toBe(XSS_TITLE);
    expect(find("evidence-fragment").text()).toBe(XSS_FRAGMENT);
    expect(find("evidence-explanation").text()).toBe("标题与辟谣信息高度一致");
    expect(find("evidence-score").text()).toBe("0.92");
    expect(find("evidence-http-status").text()).toBe("200");
    expect(find("evidence-item-url").text()).toBe("javascript:alert(1)");
    expect(evidence.find("a").exists()).toBe(false);
    expect(evidence.findAll('[data-testid="btn-copy"]').length).toBeGreaterThanOrEqual(2);
    expect(find("evidence-page-kind").text()).toBe("列表页");
    expect(find("evidence-items").find("summary").text()).toBe("读到的内容（2 条）");
    const items = evidence.findAll('[data-testid="evidence-item"]');
    expect(items.map((item) => item.attributes("data-decisive"))).toEqual(["false", "true"]);
    expect(items[0]!.text()).toContain("2025-03-01");
    expect(items[1]!.text()).toContain("依据");
    expect(items[1]!.text()).toContain(XSS_TITLE);
    expect(items[1]!.text()).toContain("无日期");
    expect(document.querySelectorAll("script")).toHaveLength(0);
    expect(document.querySelector("img[onerror]")).toBeNull();
    wrapper.unmount();
  });

  it("checks now with the sweep's progress, and reloads on the backend's updates", async () => {
    let finish: (() => void) | undefined;
    backend({
      push_check_now: () =>
        new Promise((resolve) => {
          finish = () => resolve(current.coverage);
        }),
    });
    const { wrapper } = await mountBoard();
    const loads = () => callsOf("push_board").length;
    expect(loads()).toBe(1);

    await click("btn-check-now");
    expect(callsOf("push_check_now")).toEqual([{ pushId: 7 }]);
    emitEvent("sweep-progress", { push_id: 7, done: 3, total: 4, finished: false });
    emitEvent("sweep-progress", { push_id: 8, done: 9, total: 9, finished: false });
    await flushPromises();
    expect(find("sweep-progress").attributes("data-done")).toBe("3");
    expect(find("sweep-progress").text()).toContain("正在检查 3 / 4");

    finish!();
    await flushPromises();
    await flushPromises();
    expect(find("sweep-progress").exists()).toBe(false);
    expect(document.body.textContent).toContain("检查完成：已转载 1 / 4");
    expect(loads()).toBe(2);

    // a scheduled re-check of this push recorded results; another push's does not matter
    emitEvent("push-updated", { push_id: 8 });
    await flushPromises();
    expect(loads()).toBe(2);
    current = boardRecord({ coverage: coverageOf([tierCoverage("main", { targeted: 2, reposted: 2 })]) });
    emitEvent("push-updated", { push_id: 7 });
    await flushPromises();
    await flushPromises();
    expect(loads()).toBe(3);
    expect(find("coverage-main").attributes("data-ratio")).toBe("1");
    wrapper.unmount();
  });

  it("reminds the stragglers and shows the digest and deliveries", async () => {
    backend({
      push_remind: () => ({
        stragglers: 3,
        deliveries: [delivery({ id: 9, purpose: "reminder", text: "尚有 3 个账号未转载" })],
        text: "尚有 3 个账号未转载：云川发布、龙塔街道、云川生活圈",
        next_allowed_at: "2025-03-01T05:30:00Z",
      }),
    });
    const { wrapper } = await mountBoard();
    await click("btn-remind");
    expect(find("remind-pick").exists()).toBe(false);
    expect(callsOf("push_remind")).toEqual([{ pushId: 7, include: [] }]);
    const result = find("remind-result");
    expect(result.text()).toContain("未转载账号 3 个");
    expect(find("remind-text").text()).toBe("尚有 3 个账号未转载：云川发布、龙塔街道、云川生活圈");
    expect(result.findAll('[data-testid="delivery-row"]')).toHaveLength(1);
    expect(result.text()).toContain("下次可催办：2025-03-01 13:30");
    wrapper.unmount();
  });

  it("asks first whether to remind the accounts the checker could not see, none ticked at first", async () => {
    backend({
      push_remind: (args) => ({
        stragglers: 2 + (args.include as number[]).length,
        deliveries: [],
        text: "尚有账号未转载",
        next_allowed_at: null,
        left_out: 2 - (args.include as number[]).length,
      }),
    });
    current = boardRecord({}, [
      ...someTargets(),
      target({ account_id: 5, account: "云川交警", tier: "main", verdict: "unreadable", attempts: 1 }),
      target({ account_id: 6, account: "云川消防", tier: "main", verdict: "blocked", attempts: 1 }),
    ]);
    current.coverage = coverageOf([
      tierCoverage("main", { targeted: 4, reposted: 1, not_found: 1, unreadable: 1, blocked: 1 }),
      tierCoverage("auxiliary", { targeted: 2, reposted: 0, rumor_reposted: 1, pending: 1 }),
    ]);
    const { wrapper } = await mountBoard();
    // counted apart from the stragglers, and a click shows them
    expect(find("coverage-main-stragglers").text()).toBe("1");
    expect(find("coverage-main-unverified").text()).toBe("2");
    await click("coverage-main-unverified");
    expect(shownAccounts()).toEqual(["5", "6"]);

    await click("btn-remind");
    expect(callsOf("push_remind")).toEqual([]);
    const pick = find("remind-pick");
    expect(pick.text()).toContain("以下 2 个账号的页面被拦截、无法读取或无法访问");
    const rows = pick.findAll('[data-testid="remind-pick-row"]');
    expect(rows.map((row) => row.attributes("data-account-id"))).toEqual(["5", "6"]);
    expect(find("remind-pick-count").text()).toBe("已勾选 0 个");
    await rows[0]!.find("input").setValue(true);
    await flushPromises();
    expect(find("remind-pick-count").text()).toBe("已勾选 1 个");
    await click("btn-remind-send");
    expect(callsOf("push_remind")).toEqual([{ pushId: 7, include: [5] }]);
    expect(find("remind-left-out").text()).toBe("另有 1 个未能核查的账号未催办");
    wrapper.unmount();
  });

  it("lists thousands of unverified accounts a page at a time for the reminder, keeping the ticks across pages", async () => {
    backend({ push_remind: () => ({ stragglers: 2, deliveries: [], text: "尚有账号未转载", next_allowed_at: null, left_out: 118 }) });
    const many = Array.from({ length: 120 }, (_, i) =>
      target({ account_id: 100 + i, account: `公众号${i}`, tier: "allied", verdict: "unreadable", attempts: 1 }),
    );
    current = boardRecord({ coverage: coverageOf([tierCoverage("allied", { targeted: 120, unreadable: 120 })]) }, many);
    const { wrapper } = await mountBoard();
    await click("btn-remind");
    expect(find("remind-pick").text()).toContain("以下 120 个账号");
    expect(callsOf("push_target_page").at(-1)).toMatchObject({ query: { unverified: true }, page: 1 });
    const firstPage = page().findAll('[data-testid="remind-pick-row"]');
    expect(firstPage.length).toBeLessThan(120);
    await firstPage[0]!.find("input").setValue(true);
    await page().find('[data-testid="remind-pick-pager"] .el-pager li:last-child').trigger("click");
    await flushPromises();
    expect(callsOf("push_target_page").at(-1)).toMatchObject({ query: { unverified: true }, page: 6 });
    await page().findAll('[data-testid="remind-pick-row"]').at(-1)!.find("input").setValue(true);
    await flushPromises();
    expect(find("remind-pick-count").text()).toBe("已勾选 2 个");
    await click("btn-remind-send");
    expect(callsOf("push_remind")).toEqual([{ pushId: 7, include: [100, 219] }]);
    wrapper.unmount();
  });

  it("shows a reminder refused for the cooldown as a warning with the next allowed time", async () => {
    backend({
      push_remind: () => {
        throw { code: "cooldown", message: "距上次催办不足 30 分钟" };
      },
    });
    current = boardRecord({ monitor: monitor({ reminder_allowed_at: "2025-03-01T05:30:00Z" }) });
    const { wrapper } = await mountBoard();
    await click("btn-remind");
    const warning = page().find(".remind-cooldown");
    expect(warning.exists()).toBe(true);
    expect(warning.text()).toContain("距上次催办不足 30 分钟（下次可催办：2025-03-01 13:30）");
    expect(find("remind-result").exists()).toBe(false);
    wrapper.unmount();
  });

  it("confirms a target by hand: a note or a link, and the checker's refusal of a link", async () => {
    let accept = false;
    backend({
      push_confirm: (args) => {
        if (!accept) throw { code: "link_not_accepted", message: "该链接的内容与辟谣信息不符" };
        const confirm = args.confirm as { account_id: number };
        return { ...currentTargets.find((t) => t.account_id === confirm.account_id)!, verdict: "reposted" };
      },
    });
    const { wrapper } = await mountBoard();
    await click("btn-confirm-2");
    expect(find("confirm-account").text()).toBe("账号：云川发布");

    await click("btn-confirm-ok");
    await sleep(150); // el-form-item shows an error after a short debounce
    expect(find("confirm-dialog").text()).toContain("请填写确认说明或转载链接");
    expect(callsOf("push_confirm")).toHaveLength(0);

    await find("confirm-link").setValue("ftp://example.com/a");
    await click("btn-confirm-ok");
    await sleep(150);
    expect(find("confirm-dialog").text()).toContain("转载链接须以 http:// 或 https:// 开头");

    await find("confirm-link").setValue(" https://mp.weixin.qq.com/s/abc ");
    await click("btn-confirm-ok");
    expect(callsOf("push_confirm")).toEqual([
      { confirm: { push_id: 7, account_id: 2, note: null, link: "https://mp.weixin.qq.com/s/abc" } },
    ]);
    expect(find("confirm-error").text()).toContain("未能确认：该链接的内容与辟谣信息不符");

    accept = true;
    await find("confirm-link").setValue("");
    await find("confirm-note").setValue("已在工作群看到转发截图");
    const loads = callsOf("push_board").length;
    await click("btn-confirm-ok");
    expect(callsOf("push_confirm").at(-1)).toEqual({
      confirm: { push_id: 7, account_id: 2, note: "已在工作群看到转发截图", link: null },
    });
    expect(document.body.textContent).toContain("已确认为已转载");
    expect(callsOf("push_board").length).toBe(loads + 1);
    wrapper.unmount();
  });

  it("pastes work-group messages: links read with progress, attributed, picked and confirmed", async () => {
    const good = "https://www.yunchuan.gov.cn/a.html";
    const unattributed = "https://www.yunchuan.gov.cn/d.html";
    const rumor = "https://www.yunchuan.gov.cn/c.html";
    const attribution = (account_id: number | null, by: "sender" | null, reason: string) => ({
      account_id,
      by,
      reason,
      among: [],
    });
    let confirmed: string[] = [];
    backend({
      push_paste_preview: (args) => {
        emitEvent("paste-progress", { push_id: 7, done: 1, total: 3 });
        expect(args).toEqual({ pushId: 7, text: expect.stringContaining("李明：已转") });
        return {
          push_id: 7,
          left_out: 0,
          targets: [
            { account_id: 2, name: "云川发布", reposted: false },
            { account_id: 3, name: "龙塔街道", reposted: false },
            { account_id: 4, name: "云川生活圈", reposted: false },
          ],
          links: [
            {
              url: good, sender: "李明", line: `李明：已转 ${good}`, verdict: "reposted", explanation: "标题一致",
              shown_account: null, attribution: attribution(2, "sender", "发送人“李明”是该账号的联络人或所属单位"),
              account: "云川发布", accepted: true, note: "将确认“云川发布”已转载（依据：发送人是该账号的联络人）",
            },
            {
              url: unattributed, sender: null, line: unattributed, verdict: "reposted", explanation: "标题一致",
              shown_account: null, attribution: attribution(null, null, "无法确定是哪个账号的转载，请手动选择"),
              account: null, accepted: false, note: "无法确定是哪个账号的转载，请手动选择",
            },
            {
              url: rumor, sender: "赵强", line: `赵强：${rumor}`, verdict: "rumor_reposted", explanation: "转载了谣言",
              shown_account: "<b>云川生活圈</b>", attribution: attribution(4, "sender", "发送人"),
              account: "云川生活圈", accepted: false, note: "这是谣言的转载，不能作为转发辟谣的证据",
            },
          ],
        };
      },
      push_paste_confirm: (args) => {
        const picks = args.picks as { url: string; account_id: number }[];
        confirmed = picks.map((p) => p.url);
        return { confirmed: ["云川发布", "龙塔街道"], refused: [] };
      },
    });
    const { wrapper } = await mountBoard();
    await click("btn-paste-evidence");
    await click("btn-paste-read");
    expect(find("paste-error").text()).toContain("请先粘贴含链接的内容");
    expect(callsOf("push_paste_preview")).toHaveLength(0);

    await find("paste-text").setValue(`李明：已转 ${good}\n${unattributed}\n赵强：${rumor}`);
    await click("btn-paste-read");
    await flushPromises();
    expect(find("paste-summary").text()).toBe("共 3 个链接，1 个可确认");
    const notes = page().findAll('[data-testid="paste-note"]').map((n) => n.text());
    expect(notes[2]).toBe("这是谣言的转载，不能作为转发辟谣的证据");
    const takes = page().findAll('[data-testid="paste-take"]');
    expect(takes[0]!.classes()).toContain("is-checked");
    expect(takes[2]!.classes()).toContain("is-disabled");
    expect(takes[1]!.classes()).toContain("is-disabled");
    // pasted text stays text
    expect(page().find("b").exists()).toBe(false);

    // the coordinator picks the account of the unattributed repost: it can then be confirmed
    await page().findAll('[data-testid="paste-account"]')[1]!.find(".el-select__wrapper").trigger("click");
    await flushPromises();
    const option = page()
      .findAll(".paste-account-1 .el-select-dropdown__item")
      .find((o) => o.text() === "龙塔街道")!;
    await option.trigger("click");
    await flushPromises();
    expect(find("paste-summary").text()).toBe("共 3 个链接，2 个可确认");

    const loads = callsOf("push_board").length;
    await click("btn-paste-confirm");
    expect(callsOf("push_paste_confirm")).toEqual([
      { pushId: 7, picks: [{ url: good, account_id: 2 }, { url: unattributed, account_id: 3 }] },
    ]);
    expect(confirmed).toEqual([good, unattributed]);
    expect(document.body.textContent).toContain("已确认 2 个账号");
    expect(callsOf("push_board").length).toBe(loads + 1);
    wrapper.unmount();
  });

  it("adds screenshots chosen and dropped: read with progress, the rumor's refused, one picked, confirmed", async () => {
    const attribution = (account_id: number | null, reason: string) => ({
      account_id,
      by: account_id === null ? null : ("shown_name" as const),
      reason,
      among: [],
    });
    const image = (file: string, fields: Record<string, unknown>) => ({
      file,
      verdict: "reposted",
      explanation: "截图中有辟谣标题",
      text: "",
      attribution: attribution(null, "截图中没有认出账号名，请手动选择"),
      account: null,
      accepted: false,
      note: "截图中没有认出账号名，请手动选择",
      ...fields,
    });
    const targets = [
      { account_id: 2, name: "云川发布", reposted: false },
      { account_id: 3, name: "龙塔街道", reposted: false },
      { account_id: 4, name: "云川生活圈", reposted: false },
    ];
    backend({
      push_images_preview: (args) => {
        const paths = args.paths as string[];
        emitEvent("paste-progress", { push_id: 7, done: 1, total: paths.length });
        const shown = paths.map((path) => {
          const file = path.split("/").pop()!;
          if (file === "群转发.png")
            return image(file, {
              text: "<b>云川发布</b> 关于网传枪击案的辟谣",
              attribution: attribution(2, "截图中显示“云川发布”"),
              account: "云川发布",
              accepted: true,
              note: "将确认“云川发布”已转载",
            });
          if (file === "谣言.jpg")
            return image(file, { verdict: "rumor_reposted", explanation: "截到的是谣言", note: "这是谣言的截图，不能作为转发辟谣的证据" });
          if (file === "说明.pdf")
            return image(file, { verdict: "unreadable", explanation: "不是图片", note: "无法读取：不是 PNG、JPEG 或 WebP 图片" });
          return image(file, {});
        });
        return { push_id: 7, images: shown, targets };
      },
      push_images_confirm: () => ({ confirmed: ["云川发布", "龙塔街道"], refused: [] }),
    });
    const { wrapper } = await mountBoard();
    await click("btn-image-evidence");
    expect(find("image-dialog").text()).toContain("单张不超过 20 MB");

    // chosen through the file dialog
    vi.mocked(open).mockResolvedValueOnce(["/home/user/截图/群转发.png"]);
    await click("btn-image-choose");
    await flushPromises();
    expect(vi.mocked(open).mock.calls[0]![0]).toMatchObject({ multiple: true, title: "选择转发截图" });
    expect(callsOf("push_images_preview")).toEqual([{ pushId: 7, paths: ["/home/user/截图/群转发.png"] }]);
    expect(find("image-summary").text()).toBe("共 1 张截图，1 张可确认");

    // dropped: the rumor, a file that is not an image, an unattributed one; the first again is not read twice
    await dropFiles(["/tmp/谣言.jpg", "/tmp/说明.pdf", "/tmp/朋友圈.png", "/home/user/截图/群转发.png"]);
    expect(callsOf("push_images_preview").at(-1)).toEqual({ pushId: 7, paths: ["/tmp/谣言.jpg", "/tmp/说明.pdf", "/tmp/朋友圈.png"] });
    expect(find("image-summary").text()).toBe("共 4 张截图，1 张可确认");
    const notes = page().findAll('[data-testid="image-note"]').map((n) => n.text());
    expect(notes[1]).toBe("这是谣言的截图，不能作为转发辟谣的证据");
    expect(notes[2]).toBe("无法读取：不是 PNG、JPEG 或 WebP 图片");
    const takes = page().findAll('[data-testid="image-take"]');
    expect(takes.map((t) => t.classes().includes("is-disabled"))).toEqual([false, true, true, true]);
    // recognised text stays text
    expect(find("image-dialog").find("b").exists()).toBe(false);
    expect(find("image-text").text()).toBe("<b>云川发布</b> 关于网传枪击案的辟谣");

    // the coordinator names the account of the unattributed screenshot
    await page().findAll('[data-testid="image-account"]')[3]!.find(".el-select__wrapper").trigger("click");
    await flushPromises();
    await page()
      .findAll(".image-account-3 .el-select-dropdown__item")
      .find((o) => o.text() === "龙塔街道")!
      .trigger("click");
    await flushPromises();
    expect(find("image-summary").text()).toBe("共 4 张截图，2 张可确认");

    await click("btn-image-confirm");
    expect(callsOf("push_images_confirm")).toEqual([
      {
        pushId: 7,
        picks: [
          { path: "/home/user/截图/群转发.png", account_id: 2 },
          { path: "/tmp/朋友圈.png", account_id: 3 },
        ],
      },
    ]);
    expect(document.body.textContent).toContain("已依据截图确认 2 个账号");
    wrapper.unmount();
    expect(drops).toHaveLength(0);
  });

  it("reads a chat export dropped or chosen into the paste box; a screenshot there is sent to its own dialog", async () => {
    backend({
      push_evidence_text: (args) =>
        args.path === "/tmp/群聊.xlsx" ? "王芳\thttps://a.example/1\n" : "李明：已转 https://b.example/2\n",
    });
    const { wrapper } = await mountBoard();
    await click("btn-paste-evidence");
    await dropFiles(["/tmp/群聊.xlsx"]);
    expect(callsOf("push_evidence_text")).toEqual([{ path: "/tmp/群聊.xlsx" }]);
    expect((find("paste-text").element as HTMLTextAreaElement).value).toBe("王芳\thttps://a.example/1\n");
    vi.mocked(open).mockResolvedValueOnce(["/tmp/报送.txt"]);
    await click("btn-paste-file");
    await flushPromises();
    expect((find("paste-text").element as HTMLTextAreaElement).value).toBe(
      "王芳\thttps://a.example/1\n李明：已转 https://b.example/2\n",
    );
    await dropFiles(["/tmp/截图.png"]);
    expect(find("paste-error").text()).toBe("截图请用“上传转发截图”提交");
    expect(callsOf("push_evidence_text")).toHaveLength(2);
    wrapper.unmount();
  });

  it("shows the screenshots a target was confirmed by as thumbnails", async () => {
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return `blob:shot-${created.length}`;
    };
    URL.revokeObjectURL = () => {};
    backend({
      push_target_images: (args) =>
        args.accountId === 4
          ? [
              {
                hash: "ab".repeat(32),
                format: "png",
                width: 1080,
                height: 2340,
                size: 345_000,
                file_name: "群转发.png",
                confirmed_by: "王芳",
                confirmed_at: "2025-03-01T04:30:00Z",
              },
            ]
          : [],
      evidence_image: () => new Uint8Array([137, 80, 78, 71]).buffer,
    });
    const { wrapper } = await mountBoard();
    const row = page()
      .findAll('[data-testid="target-row"]')
      .find((r) => r.attributes("data-account-id") === "4")!;
    await row.find(".el-table__expand-icon").trigger("click");
    await flushPromises();
    expect(callsOf("push_target_images")).toContainEqual({ pushId: 7, accountId: 4 });
    expect(callsOf("evidence_image")).toEqual([{ hash: "ab".repeat(32) }]);
    const shot = find("evidence-image");
    expect(shot.text()).toContain("群转发.png");
    expect(shot.text()).toContain("1080×2340 · 337 KB");
    expect(shot.find("img").attributes("src")).toBe("blob:shot-1");
    expect(created[0]!.type).toBe("image/png");
    wrapper.unmount();
  });

  it("stops monitoring after a confirmation", async () => {
    backend({
      push_stop: () => {
        current = boardRecord({
          push: push({ status: "finished", finished_at: "2025-03-01T06:00:00Z" }),
          monitor: monitor({ active: false, stopped_reason: "协调员手动停止" }),
        });
        return current;
      },
    });
    const { wrapper } = await mountBoard();
    await click("btn-stop-monitor");
    await page().find(".el-message-box .el-button--primary").trigger("click");
    await flushPromises();
    await flushPromises();
    expect(callsOf("push_stop")).toEqual([{ pushId: 7 }]);
    expect(find("monitor-state").attributes("data-active")).toBe("false");
    expect(find("monitor-reason").text()).toBe("原因：协调员手动停止");
    expect(find("btn-remind").attributes("disabled")).toBeDefined();
    expect(find("btn-stop-monitor").attributes("disabled")).toBeDefined();
    wrapper.unmount();
  });
});
