// "First screen painted": the moment the first real screen (not the loading
// line) is on the glass. The page keeps it as a performance mark (browser
// tests read it) and tells Go, whose log line scripts/smoke.sh and
// scripts/measure.sh read.

export const FIRST_SCREEN_PAINTED = 'first-screen-painted';

let marked = false;

/**
 * Call once the first screen is in the DOM. A frame callback runs just
 * before the next paint, and a task queued from it runs just after.
 */
export function markFirstScreen(report: (unixMs: number) => unknown): void {
  if (marked) return;
  marked = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      const mark = performance.mark(FIRST_SCREEN_PAINTED);
      void Promise.resolve(report(Math.round(performance.timeOrigin + mark.startTime))).catch(() => {});
    }),
  );
}
