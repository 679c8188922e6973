// Paging of the lists that can grow (ledger, cases, a push's targets, the launch preview,
// drill-downs): the database cuts the page, the window shows 共 N 条, page sizes and a page
// jump, and remembers each list's page size.
import { ref } from "vue";

export const PAGE_SIZES = [20, 50, 100, 200] as const;
const DEFAULT_PAGE_SIZE = 20;

function storageKey(list: string): string {
  return `piyao.${list}.pageSize`;
}

/** The page size last chosen for a list, or the default. */
export function rememberedPageSize(list: string): number {
  const saved = Number(globalThis.localStorage?.getItem(storageKey(list)));
  return (PAGE_SIZES as readonly number[]).includes(saved) ? saved : DEFAULT_PAGE_SIZE;
}

/** What the backend answers about the page it gave. */
export interface PageAnswer {
  page: number;
  total: number;
}

/**
 * The page, page size and total of one list; the page size is remembered under `list`.
 * `load` reads the page again: `goTo` and `resize` (the pager's events) call it.
 */
export function usePager(list: string, load: () => unknown = () => undefined) {
  const page = ref(1);
  const pageSize = ref(rememberedPageSize(list));
  const total = ref(0);

  function setPageSize(size: number) {
    pageSize.value = size;
    globalThis.localStorage?.setItem(storageKey(list), String(size));
    page.value = 1;
  }

  /** Takes the page the backend actually gave (a page past the end is the last one). */
  function answered(answer: PageAnswer) {
    page.value = answer.page;
    total.value = answer.total;
  }

  function goTo(next: number) {
    page.value = next;
    void load();
  }

  function resize(size: number) {
    setPageSize(size);
    void load();
  }

  return { page, pageSize, total, setPageSize, answered, goTo, resize };
}
