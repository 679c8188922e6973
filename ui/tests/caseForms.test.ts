import { describe, expect, it } from "vitest";
import {
  TITLE_MAX_CHARS,
  applyPageText,
  checkTitle,
  emptyIntakeForm,
  emptyRebuttalForm,
  intakeToInput,
  invalidUrls,
  parseUrls,
  rebuttalFormToInput,
  rebuttalToForm,
  similarQueryReady,
} from "../src/lib/caseForm";
import { buildAssignInput, cleanCoUnits, sameAsSuggestion, suggestionInput } from "../src/lib/assignment";
import type { Suggestion } from "../src/bindings/Suggestion";


describe("intake rules", () => {
  it("requires a title of at most 200 characters", () => {
    expect(TITLE_MAX_CHARS).toBe(200);
    expect(checkTitle("")).toBe("required");
    expect(checkTitle("   ")).toBe("required");
    expect(checkTitle("网".repeat(200))).toBeNull();
    expect(checkTitle("网".repeat(201))).toBe("too_long");
    expect(checkTitle(`  ${"😀".repeat(200)}  `)).toBeNull();
  });

  it("reads one URL per line and refuses what is not http(s)", () => {
    const text = " https://weibo.com/1 \n\nhttp://example.com/a?b=1\r\nhttps://weibo.com/1\n";
    expect(parseUrls(text)).toEqual(["https://weibo.com/1", "http://example.com/a?b=1"]);
    expect(invalidUrls(text)).toEqual([]);
    expect(invalidUrls("https://ok.example\nwww.example.com\njavascript:alert(1)\nhttps://a b.com")).toEqual([
      "www.example.com",
      "javascript:alert(1)",
      "https://a b.com",
    ]);
    expect(parseUrls("")).toEqual([]);
  });

  it("sends trimmed text, nulls for blanks, and the reporter only for reports", () => {
    const form = {
      ...emptyIntakeForm(),
      title: "  龙塔社区发生枪击案 ",
      content: " 网传龙塔社区昨晚发生枪击。\n多人受伤。 ",
      platform: " 微信群 ",
      urls: "https://example.com/1\n",
      first_seen_at: "2025-03-01 08:30",
      reporter_name: "张先生",
      reporter_contact: "13800000000",
    };
    expect(intakeToInput({ ...form, source: "patrol" })).toEqual({
      title: "龙塔社区发生枪击案",
      content: "网传龙塔社区昨晚发生枪击。\n多人受伤。",
      platform: "微信群",
      urls: ["https://example.com/1"],
      first_seen_at: "2025-03-01 08:30",
      source: "patrol",
      reporter_name: null,
      reporter_contact: null,
    });
    expect(intakeToInput({ ...form, source: "netizen_report" })).toMatchObject({
      source: "netizen_report",
      reporter_name: "张先生",
      reporter_contact: "13800000000",
    });
    expect(intakeToInput({ ...emptyIntakeForm(), title: "t" })).toMatchObject({
      platform: null,
      urls: [],
      first_seen_at: null,
    });
  });

  it("looks for similar cases once there are four characters", () => {
    expect(similarQueryReady("枪击", "")).toBe(false);
    expect(similarQueryReady("龙塔枪击", "")).toBe(true);
    expect(similarQueryReady("  ", "龙塔枪击")).toBe(true);
  });
});

describe("rebuttal form", () => {
  it("maps a rebuttal in and out; the rumor is the case", () => {
    const form = rebuttalToForm({
      id: 7,
      rumor_id: 3,
      title: "警方通报",
      content: "经查，系谣言。",
      url: "https://police.example/1",
      publisher: "平安临江",
      published_at: "2025-03-01T02:00:00Z",
    });
    expect(form).toEqual({
      title: "警方通报",
      content: "经查，系谣言。",
      url: "https://police.example/1",
      publisher: "平安临江",
      published_at: "2025-03-01 10:00",
    });
    expect(rebuttalFormToInput({ ...emptyRebuttalForm(), title: " 通报 ", content: " 内容 " }, 3)).toEqual({
      rumor_id: 3,
      title: "通报",
      content: "内容",
      url: null,
      publisher: null,
      published_at: null,
    });
  });

  it("fills title, text and time from a fetched page, keeping what the page lacks", () => {
    const form = { ...emptyRebuttalForm(), url: "https://x.example/1", title: "旧标题", publisher: "临江发布" };
    const filled = applyPageText(form, {
      url: "https://x.example/1",
      title: " <b>关于网传枪击的情况通报</b> ",
      text: "经查，网传信息不实。",
      published_at: "2025-03-01T02:00:00Z",
    });
    expect(filled).toEqual(["title", "content", "published_at"]);
    // the page's text is kept as text, markup and all
    expect(form.title).toBe("<b>关于网传枪击的情况通报</b>");
    expect(form.content).toBe("经查，网传信息不实。");
    expect(form.published_at).toBe("2025-03-01 10:00");
    expect(form.publisher).toBe("临江发布");

    const partial = { ...emptyRebuttalForm(), title: "已有标题" };
    expect(applyPageText(partial, { url: "u", title: "  ", text: "正文", published_at: null })).toEqual(["content"]);
    expect(partial.title).toBe("已有标题");
    const long = { ...emptyRebuttalForm() };
    applyPageText(long, { url: "u", title: "标".repeat(300), text: "", published_at: "昨天" });
    expect(Array.from(long.title)).toHaveLength(TITLE_MAX_CHARS);
    expect(long.published_at).toBe("");
  });
});

describe("assignment", () => {
  const suggestion: Suggestion = {
    lead_unit: "区公安分局",
    co_units: ["龙塔街道办事处", "区卫生健康局"],
    subject_hits: [{ word: "枪击", to: "公安" }],
    territory_hits: [{ word: "龙塔社区", to: "龙塔街道" }],
    explanation: "'枪击' → 公安（区公安分局）；'龙塔社区' → 龙塔街道",
  };

  it("takes the suggestion as it is", () => {
    expect(suggestionInput(suggestion)).toEqual({
      lead_unit: "区公安分局",
      co_units: ["龙塔街道办事处", "区卫生健康局"],
      reason: null,
    });
    expect(suggestionInput({ ...suggestion, lead_unit: null })).toBeNull();
    expect(suggestionInput(null)).toBeNull();
  });

  it("knows when a choice equals the suggestion, in any order of co-units", () => {
    expect(sameAsSuggestion("区公安分局", ["区卫生健康局", "龙塔街道办事处"], suggestion)).toBe(true);
    expect(sameAsSuggestion("区公安分局", ["龙塔街道办事处"], suggestion)).toBe(false);
    expect(sameAsSuggestion("区委网信办", ["龙塔街道办事处", "区卫生健康局"], suggestion)).toBe(false);
    expect(sameAsSuggestion("区公安分局", [], null)).toBe(false);
    expect(cleanCoUnits("区公安分局", [" 区公安分局", "A", "A ", ""])).toEqual(["A"]);
  });

  it("asks for a reason only when the choice differs", () => {
    expect(buildAssignInput("", [], "", suggestion)).toEqual({ problem: "lead_required" });
    expect(buildAssignInput("区委网信办", [], " ", suggestion)).toEqual({ problem: "reason_required" });
    expect(buildAssignInput("区委网信办", ["区公安分局"], " 涉及网络传播 ", suggestion)).toEqual({
      input: { lead_unit: "区委网信办", co_units: ["区公安分局"], reason: "涉及网络传播" },
    });
    expect(buildAssignInput("区公安分局", ["区卫生健康局", "龙塔街道办事处"], "多余的话", suggestion)).toEqual({
      input: { lead_unit: "区公安分局", co_units: ["区卫生健康局", "龙塔街道办事处"], reason: null },
    });
    // without a suggestion every choice needs a reason
    expect(buildAssignInput("区公安分局", [], "", null)).toEqual({ problem: "reason_required" });
  });
});
