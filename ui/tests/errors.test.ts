import { describe, expect, it } from "vitest";
import { CommandError, UNKNOWN_CODE, errorText, normalizeError } from "../src/lib/errors";

describe("normalizeError", () => {
  it("keeps the backend's code and Chinese message", () => {
    const error = normalizeError({ code: "not_found", message: "账号不存在" });
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("not_found");
    expect(error.message).toBe("账号不存在");
    expect(error.path).toBeNull();
  });

  it("keeps a database path when the backend sends one", () => {
    expect(normalizeError({ code: "db_too_new", message: "数据库版本过新", path: "/data/piyao.db" }).path).toBe(
      "/data/piyao.db",
    );
    expect(normalizeError({ code: "db_too_new", message: "x", details: { path: "/d.db" } }).path).toBe("/d.db");
  });

  it("accepts plain strings and JSON strings", () => {
    expect(normalizeError("文件不存在")).toMatchObject({ code: UNKNOWN_CODE, message: "文件不存在" });
    expect(normalizeError('{"code":"io","message":"无法读取文件"}')).toMatchObject({
      code: "io",
      message: "无法读取文件",
    });
    expect(normalizeError("{not json")).toMatchObject({ code: UNKNOWN_CODE, message: "{not json" });
  });

  it("accepts Errors and odd values without inventing text", () => {
    expect(normalizeError(new Error("IPC failed"))).toMatchObject({ code: UNKNOWN_CODE, message: "IPC failed" });
    expect(normalizeError({})).toMatchObject({ code: UNKNOWN_CODE, message: "" });
    expect(normalizeError(null)).toMatchObject({ code: UNKNOWN_CODE, message: "" });
    expect(normalizeError(42)).toMatchObject({ code: UNKNOWN_CODE, message: "42" });
    expect(normalizeError({ code: 5, message: "x" }).code).toBe(UNKNOWN_CODE);
  });

  it("returns the same CommandError when given one", () => {
    const error = new CommandError("a", "b");
    expect(normalizeError(error)).toBe(error);
  });
});

describe("errorText", () => {
  it("falls back when there is no message", () => {
    expect(errorText({ code: "x", message: "  " }, "操作失败")).toBe("操作失败");
    expect(errorText({ code: "x", message: "梯队无效" }, "操作失败")).toBe("梯队无效");
  });
});
