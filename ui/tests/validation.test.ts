import { describe, expect, it } from "vitest";
import { NAME_MAX_CHARS, charCount, checkName, checkHttpUrl } from "../src/lib/validation";

describe("account name rule", () => {
  it("requires a name that is not only spaces", () => {
    expect(checkName("")).toBe("required");
    expect(checkName("   ")).toBe("required");
    expect(checkName("平安临江")).toBeNull();
  });

  it("allows up to 100 characters, counted as a person counts them", () => {
    expect(NAME_MAX_CHARS).toBe(100);
    expect(checkName("网".repeat(100))).toBeNull();
    expect(checkName("网".repeat(101))).toBe("too_long");
    // an emoji is one character, not two UTF-16 units
    expect(charCount("😀".repeat(3))).toBe(3);
    expect(checkName("😀".repeat(100))).toBeNull();
    // spaces around the name are not counted (they are trimmed before saving)
    expect(checkName(`  ${"a".repeat(100)}  `)).toBeNull();
  });
});

describe("web address rule", () => {
  it("is optional", () => {
    expect(checkHttpUrl("")).toBeNull();
    expect(checkHttpUrl("   ")).toBeNull();
    expect(checkHttpUrl(null)).toBeNull();
    expect(checkHttpUrl(undefined)).toBeNull();
  });

  it("accepts http and https addresses", () => {
    expect(checkHttpUrl("https://weibo.com/u/1234567890")).toBeNull();
    expect(checkHttpUrl("http://www.linjiang.gov.cn/xwzx/")).toBeNull();
    expect(checkHttpUrl("HTTPS://Example.com")).toBeNull();
    expect(checkHttpUrl(" https://example.com/a ")).toBeNull();
  });

  it("refuses other schemes, missing hosts and spaces inside", () => {
    expect(checkHttpUrl("www.example.com")).toBe("invalid");
    expect(checkHttpUrl("ftp://example.com")).toBe("invalid");
    expect(checkHttpUrl("javascript:alert(1)")).toBe("invalid");
    expect(checkHttpUrl("file:///etc/passwd")).toBe("invalid");
    expect(checkHttpUrl("https://")).toBe("invalid");
    expect(checkHttpUrl("https://exa mple.com")).toBe("invalid");
    expect(checkHttpUrl("https//example.com")).toBe("invalid");
  });
});
