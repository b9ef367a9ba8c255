// @ts-check
// "First screen painted": the moment the first real screen (not a loading
// line) is on the glass. A plain script of its own, run as the page is read:
// a new learner's first screen comes already drawn inside the page (app.go)
// and is painted before the page's modules have loaded, so it is measured
// from here. Otherwise the page asks for it once its first screen is drawn
// (src/lib/painted.ts). The page keeps it as a performance mark (browser
// tests read it) and tells Go, whose log line scripts/smoke.sh and
// scripts/measure.sh read.
(() => {
  /** Resolves once img has loaded or failed (a picture that fails is drawn as nothing). */
  const loaded = (/** @type {HTMLImageElement} */ img) =>
    img.complete ||
    new Promise((done) => {
      img.addEventListener('load', done, { once: true });
      img.addEventListener('error', done, { once: true });
    });
  /** @type {Promise<number> | undefined} */
  let painted;
  // The screen's fonts and pictures (the flags) must have loaded: the
  // language names' own font hides text until then, and a picture not loaded
  // is not drawn. A frame callback then runs just before the next paint, and
  // a task queued from it runs just after. Resolves to the wall clock time.
  /** @type {any} */ (window).kaiwaFirstScreenPainted = () =>
    (painted ??= (async () => {
      void document.body.offsetHeight; // lays the screen out, which starts loading the fonts it uses
      // Only the faces it uses (document.fonts.ready waits for the whole
      // page to load); one that fails is replaced by the next in its family.
      const fonts = Array.from(document.fonts, (f) => f.status === 'loading' && f.loaded.catch(() => {}));
      await Promise.all([...fonts, ...Array.from(document.images, loaded)]);
      /** @type {PerformanceMark} */
      const mark = await new Promise((done) =>
        requestAnimationFrame(() => setTimeout(() => done(performance.mark('first-screen-painted')))),
      );
      return Math.round(performance.timeOrigin + mark.startTime);
    })());
  if (document.getElementById('app')?.hasChildNodes()) /** @type {any} */ (window).kaiwaFirstScreenPainted();
})();
