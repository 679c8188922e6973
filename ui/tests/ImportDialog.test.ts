// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));

import { open } from "@tauri-apps/plugin-dialog";
import ImportDialog from "../src/components/ledger/ImportDialog.vue";
import type { ImportPreview } from "../src/bindings/ImportPreview";
import { callsOf, globalPlugins, mockBackend, page } from "./helpers";

const PATH = "/home/user/台账.xlsx";

const preview: ImportPreview = {
  file: PATH,
  rows: [
    { line: 2, name: "临江公安", platform: "weibo", tier: "main", unit: "区公安分局", territory: "", action: "create", errors: [] },
    { line: 3, name: "东湖镇发布", platform: "wechat", tier: "auxiliary", unit: "东湖镇", territory: "东湖镇", action: "update", errors: [] },
    {
      line: 4,
      name: "<b>本地生活</b>",
      platform: "快手",
      tier: "第四梯队",
      unit: "",
      territory: "",
      action: "invalid",
      errors: ["平台“快手”无法识别", "梯队须为 主力军、生力军 或 同盟军"],
    },
  ],
  valid: 2,
  invalid: 1,
  new_accounts: 1,
  updated_accounts: 1,
};

async function mountDialog() {
  const wrapper = mount(ImportDialog, {
    props: { modelValue: true },
    global: globalPlugins(),
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

beforeEach(() => {
  document.body.innerHTML = "";
  mockBackend({
    ledger_import_preview: () => preview,
    ledger_import_apply: () => ({ created: 1, updated: 1, skipped: 1 }),
  });
});

describe("ImportDialog", () => {
  it("previews a file: totals, every row, every error, and a blocked import", async () => {
    const wrapper = await mountDialog();
    await page().find('[data-testid="import-path"]').setValue(PATH);
    expect(page().find('[data-testid="import-path"]').element.tagName).toBe("INPUT");
    await page().find('[data-testid="btn-preview"]').trigger("click");
    await flushPromises();

    expect(callsOf("ledger_import_preview")).toEqual([{ path: PATH }]);
    const summary = page().find('[data-testid="import-summary"]').text();
    expect(summary).toContain("将新增 1");
    expect(summary).toContain("将更新 1");
    expect(summary).toContain("有错误 1");

    const text = page().text();
    expect(text).toContain("临江公安");
    expect(text).toContain("东湖镇发布");
    // code names are shown as labels, unknown cells as written
    expect(text).toContain("微博");
    expect(text).toContain("主力军");
    expect(text).toContain("第四梯队");
    // a name from the file is text, never markup
    expect(text).toContain("<b>本地生活</b>");
    expect(page().find("[data-testid='import-table'] b").exists()).toBe(false);

    const errors = page().findAll('[data-testid="import-error"]');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text()).toContain("平台“快手”无法识别");
    expect(errors[0]!.text()).toContain("梯队须为 主力军、生力军 或 同盟军");

    const apply = page().find('[data-testid="btn-apply-import"]');
    expect(apply.element.tagName).toBe("BUTTON");
    expect(apply.attributes("disabled")).toBeDefined();
    expect(page().text()).toContain("有 1 行存在错误");
    wrapper.unmount();
  });

  it("imports once invalid rows are skipped, and reports the result", async () => {
    const wrapper = await mountDialog();
    await page().find('[data-testid="import-path"]').setValue(PATH);
    await page().find('[data-testid="btn-preview"]').trigger("click");
    await flushPromises();

    const skip = page().find('[data-testid="import-skip-invalid"]');
    expect(skip.element.tagName).toBe("LABEL"); // el-checkbox: the label a user clicks
    await skip.find("input").setValue(true);
    const apply = page().find('[data-testid="btn-apply-import"]');
    expect(apply.attributes("disabled")).toBeUndefined();
    await apply.trigger("click");
    await flushPromises();

    expect(callsOf("ledger_import_apply")).toEqual([{ path: PATH, skipInvalid: true }]);
    expect(wrapper.emitted("imported")).toEqual([[{ created: 1, updated: 1, skipped: 1 }]]);
    expect(wrapper.emitted("update:modelValue")).toEqual([[false]]);
    expect(document.body.textContent).toContain("已新增 1、已更新 1、已跳过 1");
    wrapper.unmount();
  });

  it("forgets the preview when the path changes", async () => {
    const wrapper = await mountDialog();
    await page().find('[data-testid="import-path"]').setValue(PATH);
    await page().find('[data-testid="btn-preview"]').trigger("click");
    await flushPromises();
    expect(page().find('[data-testid="import-summary"]').exists()).toBe(true);
    await page().find('[data-testid="import-path"]').setValue("/tmp/other.csv");
    await flushPromises();
    expect(page().find('[data-testid="import-summary"]').exists()).toBe(false);
    expect(page().find('[data-testid="btn-apply-import"]').attributes("disabled")).toBeDefined();
    wrapper.unmount();
  });

  it("chooses a file with the system dialog, then previews it", async () => {
    vi.mocked(open).mockResolvedValueOnce("/data/ledger.csv");
    const wrapper = await mountDialog();
    await page().find('[data-testid="btn-browse"]').trigger("click");
    await flushPromises();
    expect(vi.mocked(open).mock.calls[0]![0]).toMatchObject({
      multiple: false,
      filters: [{ extensions: ["xlsx", "csv"] }],
    });
    expect((page().find('[data-testid="import-path"]').element as HTMLInputElement).value).toBe("/data/ledger.csv");
    expect(callsOf("ledger_import_preview")).toEqual([{ path: "/data/ledger.csv" }]);
    wrapper.unmount();
  });

  it("shows the backend's message when the file cannot be read", async () => {
    mockBackend({
      ledger_import_preview: () => {
        throw { code: "import_unreadable", message: "无法读取文件：格式不是 XLSX 或 CSV" };
      },
    });
    const wrapper = await mountDialog();
    await page().find('[data-testid="import-path"]').setValue("/tmp/a.doc");
    await page().find('[data-testid="btn-preview"]').trigger("click");
    await flushPromises();
    expect(document.body.textContent).toContain("无法读取文件：格式不是 XLSX 或 CSV");
    expect(page().find('[data-testid="import-summary"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
