import { computed, reactive, ref } from "vue";
import { ElMessage } from "element-plus";
import type { PasteOutcome } from "../bindings/PasteOutcome";
import type { PasteRefused } from "../bindings/PasteRefused";
import type { PasteTarget } from "../bindings/PasteTarget";
import type { Verdict } from "../bindings/Verdict";

/**
 * What the coordinator ticks in a preview of people's evidence (links or screenshots): per
 * item (by `key`), whether it is taken and the account it confirms. Only a verified repost
 * whose account is known and not yet confirmed can be taken; the backend verifies it again.
 */
export function useEvidencePicks<R>(
  rows: () => R[],
  targets: () => PasteTarget[],
  key: (row: R) => string,
  verdict: (row: R) => Verdict,
) {
  const picks = reactive<Record<string, { take: boolean; account: number | null }>>({});

  function alreadyReposted(account: number | null): boolean {
    return targets().some((x) => x.account_id === account && x.reposted);
  }

  function canTake(row: R): boolean {
    const pick = picks[key(row)];
    return verdict(row) === "reposted" && pick?.account != null && !alreadyReposted(pick.account);
  }

  /** After the account was changed: taken when it now can be. */
  function onAccount(row: R) {
    const pick = picks[key(row)];
    if (pick) pick.take = canTake(row);
  }

  function clear() {
    for (const k of Object.keys(picks)) delete picks[k];
  }

  const chosen = computed(() => rows().filter((r) => picks[key(r)]?.take && canTake(r)));

  const confirming = ref(false);
  /** What 确认 could not confirm, with why. */
  const refused = ref<PasteRefused[]>([]);

  /**
   * 确认: sends the chosen items with their accounts; says how many were confirmed (`done`)
   * and keeps the refused ones. "all" when every one went through, "some" when some were
   * refused, "failed" when the backend refused the whole (`onError` gets why).
   */
  async function confirmChosen(
    send: (items: { item: R; account: number }[]) => Promise<PasteOutcome>,
    done: (count: number) => string,
    onError: (error: unknown) => void,
  ): Promise<"all" | "some" | "failed"> {
    confirming.value = true;
    refused.value = [];
    try {
      const outcome = await send(chosen.value.map((item) => ({ item, account: picks[key(item)]!.account! })));
      if (outcome.confirmed.length > 0) ElMessage.success(done(outcome.confirmed.length));
      refused.value = outcome.refused;
      return outcome.refused.length > 0 ? "some" : "all";
    } catch (error) {
      onError(error);
      return "failed";
    } finally {
      confirming.value = false;
    }
  }

  return { picks, canTake, onAccount, clear, chosen, confirming, refused, confirmChosen };
}
