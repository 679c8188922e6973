// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import { mount } from "@vue/test-utils";
import { isWebLink } from "../src/lib/links";
import { globalPlugins } from "./helpers";

const openLink = vi.fn(async (_url: string) => undefined);
vi.mock("../src/api", () => ({ api: { openLink: (url: string) => openLink(url) } }));

import CopyableText from "../src/components/cases/CopyableText.vue";

describe("isWebLink", () => {
  it("accepts http and https pages only", () => {
    expect(isWebLink("https://weibo.com/u/1")).toBe(true);
    expect(isWebLink(" http://127.0.0.1:8080/feed ")).toBe(true);
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "tauri://localhost/", "ftp://x/", "网页", ""]) {
      expect(isWebLink(bad), bad).toBe(false);
    }
  });
});

describe("CopyableText", () => {
  const mountIt = (text: string, link = true) =>
    mount(CopyableText, { props: { text, link, testid: "u" }, global: globalPlugins() });

  it("offers the browser for an http(s) URL and hands it to the backend", async () => {
    const w = mountIt("https://weibo.com/u/1");
    await w.find("[data-testid=btn-open-link]").trigger("click");
    expect(openLink).toHaveBeenCalledWith("https://weibo.com/u/1");
    expect(w.find("a").exists()).toBe(false);
  });

  it("shows a javascript: URL as plain text with no way to open it", () => {
    const w = mountIt("javascript:window.__pwned=1");
    expect(w.find("[data-testid=btn-open-link]").exists()).toBe(false);
    expect(w.find("[data-testid=u]").text()).toBe("javascript:window.__pwned=1");
  });

  it("offers no browser unless asked", () => {
    expect(mountIt("https://weibo.com/u/1", false).find("[data-testid=btn-open-link]").exists()).toBe(false);
  });
});
