// "First screen painted": the moment the first real screen (not the loading
// line) is on the glass. The page keeps it as a performance mark (browser
// tests read it) and tells Go, whose log line scripts/smoke.sh and
// scripts/measure.sh read.

export const FIRST_SCREEN_PAINTED = 'first-screen-painted';

let marked = false;

/**
 * Call once the first screen is in the DOM. Its fonts must have loaded (the
 * language names' own font hides text until then) and its pictures (the
 * flags) be decoded; a frame callback then runs just before the next paint,
 * and a task queued from it runs just after.
 */
export async function markFirstScreen(report: (unixMs: number) => unknown): Promise<void> {
  if (marked) return;
  marked = true;
  void document.body.offsetHeight; // lays the screen out, which starts loading the fonts it uses
  // A picture that fails is drawn as nothing: it holds up nothing either.
  await Promise.all([document.fonts.ready, ...Array.from(document.images, (img) => img.decode().catch(() => {}))]);
  requestAnimationFrame(() =>
    setTimeout(() => {
      const mark = performance.mark(FIRST_SCREEN_PAINTED);
      void Promise.resolve(report(Math.round(performance.timeOrigin + mark.startTime))).catch(() => {});
    }),
  );
}
