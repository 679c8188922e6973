import { describe, expect, it } from "vitest";
import { accountToForm, emptyAccountForm, formToInput } from "../src/lib/accountForm";
import type { Account } from "../src/bindings/Account";

const account: Account = {
  id: 7,
  name: "临江发布",
  platform: "wechat",
  tier: "main",
  unit: "区委网信办",
  territory: null,
  watch_url: "https://mp.weixin.qq.com/x",
  source: null,
  source_label: null,
  readability: null,
  contact: null,
  notes: "第一行\n第二行",
  active: false,
  updated_at: "2025-01-01T00:00:00Z",
};

describe("account form mapping", () => {
  it("starts a new account as active, on WeChat, in the auxiliary force", () => {
    expect(emptyAccountForm()).toMatchObject({ name: "", platform: "wechat", tier: "auxiliary", active: true });
  });

  it("edits nulls as empty text and round-trips an account", () => {
    const form = accountToForm(account);
    expect(form.territory).toBe("");
    expect(form.contact).toBe("");
    const { id: _id, updated_at: _updated, source: _source, source_label: _label, readability: _read, ...input } = account;
    expect(formToInput(form)).toEqual(input);
  });

  it("trims text and sends empty fields as null", () => {
    const input = formToInput({
      ...emptyAccountForm(),
      name: "  东湖镇微信  ",
      unit: "  ",
      watch_url: " https://example.com ",
      notes: "\n 备注 \n",
    });
    expect(input).toEqual({
      name: "东湖镇微信",
      platform: "wechat",
      tier: "auxiliary",
      unit: null,
      territory: null,
      watch_url: "https://example.com",
      contact: null,
      notes: "备注",
      active: true,
    });
  });
});
