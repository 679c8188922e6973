import { computed } from "vue";
import { useI18n } from "vue-i18n";
import type { Tier } from "./bindings/Tier";
import type { Platform } from "./bindings/Platform";
import type { ImportAction } from "./bindings/ImportAction";
import type { CaseSource } from "./bindings/CaseSource";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { Level } from "./bindings/Level";
import type { Verdict } from "./bindings/Verdict";
import type { BotKind } from "./bindings/BotKind";
import type { DeliveryPurpose } from "./bindings/DeliveryPurpose";
import type { Checkable } from "./bindings/Checkable";
import {
  CHECKABLE_LABELS,
  botKindLabel,
  caseActionLabel,
  deliveryPurposeLabel,
  caseSourceLabel,
  caseStatusLabel,
  importActionLabel,
  isLocale,
  levelLabel,
  platformLabel,
  platformText,
  tierLabel,
  tierShortLabel,
  tierText,
  verdictLabel,
  type Locale,
} from "./labels";

/** The labels of labels.ts in the language currently chosen. */
export function useLabels() {
  const { locale } = useI18n();
  const current = computed<Locale>(() => (isLocale(locale.value) ? locale.value : "zh-CN"));
  return {
    locale: current,
    tier: (tier: Tier) => tierLabel(tier, current.value),
    tierShort: (tier: Tier) => tierShortLabel(tier, current.value),
    platform: (platform: Platform) => platformLabel(platform, current.value),
    action: (action: ImportAction) => importActionLabel(action, current.value),
    tierText: (value: string) => tierText(value, current.value),
    platformText: (value: string) => platformText(value, current.value),
    status: (status: CaseStatus) => caseStatusLabel(status, current.value),
    statusAction: (status: CaseStatus) => caseActionLabel(status, current.value),
    level: (level: Level) => levelLabel(level, current.value),
    source: (source: CaseSource) => caseSourceLabel(source, current.value),
    /** `null`: not checked yet (待检查). */
    verdict: (verdict: Verdict | null) => verdictLabel(verdict, current.value),
    botKind: (kind: BotKind) => botKindLabel(kind, current.value),
    purpose: (purpose: DeliveryPurpose) => deliveryPurposeLabel(purpose, current.value),
    checkable: (checkable: Checkable) => CHECKABLE_LABELS[checkable][current.value],
  };
}
