// "First screen painted" is measured by public/first-paint.js, a plain script
// that runs before this page's modules: a first screen served already drawn
// is painted before they load.

declare global {
  interface Window {
    /** When the first screen was painted, on the wall clock (public/first-paint.js). */
    kaiwaFirstScreenPainted: () => Promise<number>;
  }
}

let marked = false;

/** Call once the first screen is in the DOM: reports when it was painted, once. */
export async function markFirstScreen(report: (unixMs: number) => unknown): Promise<void> {
  if (marked) return;
  marked = true;
  const at = await window.kaiwaFirstScreenPainted();
  void Promise.resolve(report(at)).catch(() => {});
}
