// The demo-ledger offer is made once per run of the app: after "暂不需要" (or a load) it
// does not come back until the app is started again.
const KEY = "piyao.demoOfferAnswered";

export function demoOfferAnswered(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

export function markDemoOfferAnswered(): void {
  try {
    globalThis.sessionStorage?.setItem(KEY, "1");
  } catch {
    // storage unavailable: the offer may come again on the next visit to the page
  }
}
