// Applies the learner's theme at once: light, dark, or auto, which follows
// the system's setting as it changes. (Until the page's scripts run, app.css
// follows the system by itself.)
let system: MediaQueryList | null = null;
let chosen = 'auto';

function paint() {
  const dark = chosen === 'dark' || (chosen === 'auto' && system!.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function applyTheme(theme: string): void {
  if (typeof window === 'undefined') return; // the build drawing a first screen (prerender.ts)
  if (!system) {
    system = window.matchMedia('(prefers-color-scheme: dark)');
    system.addEventListener('change', paint);
  }
  chosen = theme;
  paint();
}
