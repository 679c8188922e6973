import { ref } from "vue";
import type { Drill } from "./bindings/Drill";
import type { Period } from "./bindings/Period";

/** A figure to list: its drill, over the period the figure was computed for. */
export interface DrillRequest {
  period: Period;
  drill: Drill;
}

/** The state of a page's drill-down drawer (DrillDrawer.vue): which figure, and whether it is open. */
export function useDrill() {
  const request = ref<DrillRequest | null>(null);
  const visible = ref(false);
  function open(period: Period, drill: Drill) {
    request.value = { period, drill };
    visible.value = true;
  }
  return { request, visible, open };
}
