import { hydrate, mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { givenFirstScreen } from './lib/firstScreen';
import { applyTheme } from './lib/theme';
import { unlock } from './lib/voice/player';

applyTheme('auto'); // until the learner's own theme is known
// The webview lets audio play later only from an element first played in a
// gesture: every click unlocks the one shared player, so replies can be
// read aloud as they arrive.
addEventListener('pointerdown', () => void unlock(), { capture: true });
addEventListener('keydown', () => void unlock(), { capture: true });

// A new learner's first screen can come already drawn inside the page
// (prerender.ts, app.go), painted before this script has loaded: then the
// page takes over what is on the glass.
const target = document.getElementById('app')!;
const props = { given: givenFirstScreen() };
export default target.hasChildNodes() ? hydrate(App, { target, props }) : mount(App, { target, props });
