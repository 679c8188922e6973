import type { Account } from "../bindings/Account";
import type { AccountInput } from "../bindings/AccountInput";
import type { Platform } from "../bindings/Platform";
import type { Tier } from "../bindings/Tier";

/** The account form's model: text fields are strings, never null, while editing. */
export interface AccountForm {
  name: string;
  platform: Platform;
  tier: Tier;
  unit: string;
  territory: string;
  watch_url: string;
  contact: string;
  notes: string;
  active: boolean;
}

export function emptyAccountForm(): AccountForm {
  return {
    name: "",
    platform: "wechat",
    tier: "auxiliary",
    unit: "",
    territory: "",
    watch_url: "",
    contact: "",
    notes: "",
    active: true,
  };
}

export function accountToForm(account: Account): AccountForm {
  return {
    name: account.name,
    platform: account.platform,
    tier: account.tier,
    unit: account.unit ?? "",
    territory: account.territory ?? "",
    watch_url: account.watch_url ?? "",
    contact: account.contact ?? "",
    notes: account.notes ?? "",
    active: account.active,
  };
}

function textOrNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? "").trim();
  return trimmed === "" ? null : trimmed;
}

/** What `create_account` / `update_account` receive: trimmed, empty text as null. */
export function formToInput(form: AccountForm): AccountInput {
  return {
    name: form.name.trim(),
    platform: form.platform,
    tier: form.tier,
    unit: textOrNull(form.unit),
    territory: textOrNull(form.territory),
    watch_url: textOrNull(form.watch_url),
    contact: textOrNull(form.contact),
    // notes keep their inner line breaks; only the ends are trimmed
    notes: textOrNull(form.notes),
    active: form.active,
  };
}
