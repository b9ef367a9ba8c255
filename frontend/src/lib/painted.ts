// "First screen painted": the moment the first real screen (not the loading
// line) is on the glass. The page keeps it as a performance mark (browser
// tests read it) and tells Go, whose log line scripts/smoke.sh and
// scripts/measure.sh read.

export const FIRST_SCREEN_PAINTED = 'first-screen-painted';

let marked = false;

/**
 * Call once the first screen is in the DOM. Its fonts and pictures (the
 * flags) must have loaded: the language names' own font hides text until
 * then, and a picture not loaded is not drawn. A frame callback then runs
 * just before the next paint, and a task queued from it runs just after.
 */
export async function markFirstScreen(report: (unixMs: number) => unknown): Promise<void> {
  if (marked) return;
  marked = true;
  void document.body.offsetHeight; // lays the screen out, which starts loading the fonts it uses
  // A picture that fails is drawn as nothing: it holds up nothing either.
  await Promise.all([document.fonts.ready, ...Array.from(document.images, loaded)]);
  requestAnimationFrame(() =>
    setTimeout(() => {
      const mark = performance.mark(FIRST_SCREEN_PAINTED);
      void Promise.resolve(report(Math.round(performance.timeOrigin + mark.startTime))).catch(() => {});
    }),
  );
}

/** Resolves once img has loaded or failed. */
function loaded(img: HTMLImageElement): Promise<unknown> | void {
  if (img.complete) return;
  return new Promise((done) => {
    img.addEventListener('load', done, { once: true });
    img.addEventListener('error', done, { once: true });
  });
}
