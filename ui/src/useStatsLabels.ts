import { useLabels } from "./useLabels";
import { breakdownLabel, formatDuration, type Breakdown } from "./lib/statsFormat";
import { periodText } from "./lib/period";
import type { Period } from "./bindings/Period";

/** The statistics' wording (statsFormat.ts, period.ts) in the language currently chosen. */
export function useStatsLabels() {
  const labels = useLabels();
  return {
    lineLabel: (breakdown: Breakdown, key: string, fallback: string) =>
      breakdownLabel(breakdown, key, fallback, labels.locale.value),
    duration: (seconds: number | null | undefined) => formatDuration(seconds, labels.locale.value),
    period: (period: Period) => periodText(period, labels.locale.value),
  };
}
