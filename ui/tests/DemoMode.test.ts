// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/api/event", () => import("./eventBus"));

import AppShell from "../src/components/AppShell.vue";
import DemoInbox from "../src/components/pushes/DemoInbox.vue";
import { dbState } from "../src/dbStatus";
import { appGlobal, byTestid, callsOf, mockBackend, testRouter } from "./helpers";

const status = (demo: boolean) => ({ path: "/tmp/p.sqlite3", accounts: demo ? 30 : 0, schema_version: 8, demo });

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("the demo in the window", () => {
  it("marks demo data and leaves the demo after a confirmation, back on the dashboard", async () => {
    mockBackend({ demo_leave: () => status(false) });
    dbState.status = status(true);
    dbState.phase = "ready";
    const router = await testRouter("/ledger");
    const wrapper = mount(AppShell, { global: appGlobal(router), attachTo: document.body });
    await flushPromises();
    expect(byTestid("demo-badge").text()).toBe("演示数据");

    // cancelled: nothing happens
    await byTestid("btn-leave-demo").trigger("click");
    await flushPromises();
    expect(document.body.textContent).toContain("清空当前数据库中的全部演示数据");
    (document.querySelector(".demo-leave-confirm .el-message-box__headerbtn") as HTMLElement).click();
    await flushPromises();
    await new Promise((r) => setTimeout(r, 50));
    expect(callsOf("demo_leave")).toHaveLength(0);

    await byTestid("btn-leave-demo").trigger("click");
    await flushPromises();
    const box = [...document.querySelectorAll(".demo-leave-confirm")].at(-1)!;
    const ok = [...box.querySelectorAll("button")].find((b) => b.textContent?.includes("清空并退出"));
    (ok as HTMLElement).click();
    await flushPromises();
    await flushPromises();
    expect(callsOf("demo_leave")).toHaveLength(1);
    expect(router.currentRoute.value.path).toBe("/dashboard");
    expect(byTestid("demo-badge").exists()).toBe(false);
    expect(document.body.textContent).toContain("已退出演示");
    wrapper.unmount();
  });

  it("shows no demo mark on an office's own database", async () => {
    mockBackend({});
    dbState.status = status(false);
    const router = await testRouter("/ledger");
    const wrapper = mount(AppShell, { global: appGlobal(router) });
    await flushPromises();
    expect(wrapper.find('[data-testid="demo-badge"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="btn-leave-demo"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("lists what the demo work groups received, newest first, as text", async () => {
    let received = [{ at: "2026-12-03T02:00:00Z", text: "【推送通知】<b>请转发</b>" }];
    mockBackend({ demo_status: () => ({ active: true, base: "http://127.0.0.1:8790", received }) });
    const wrapper = mount(DemoInbox, { props: { revision: 0 }, global: appGlobal(await testRouter()) });
    await flushPromises();
    expect(wrapper.findAll('[data-testid="demo-message"]')).toHaveLength(1);
    expect(wrapper.find("b").exists()).toBe(false);
    received = [...received, { at: "2026-12-03T02:09:00Z", text: "【催办】尚未转载：云川住建" }];
    await wrapper.setProps({ revision: 1 });
    await flushPromises();
    const shown = wrapper.findAll('[data-testid="demo-message"]').map((m) => m.text());
    expect(shown[0]).toContain("【催办】尚未转载：云川住建");
    expect(wrapper.attributes("data-count")).toBe("2");
    wrapper.unmount();
  });
});
