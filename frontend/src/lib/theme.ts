// Applies the learner's theme at once: light, dark, or auto, which follows
// the system's setting as it changes.
const system = window.matchMedia('(prefers-color-scheme: dark)');
let chosen = 'auto';

function paint() {
  const dark = chosen === 'dark' || (chosen === 'auto' && system.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

system.addEventListener('change', paint);

export function applyTheme(theme: string): void {
  chosen = theme;
  paint();
}
