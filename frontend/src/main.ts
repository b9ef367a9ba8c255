import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { applyTheme } from './lib/theme';
import { unlock } from './lib/voice/player';

applyTheme('auto'); // until the learner's own theme is known
// The webview lets audio play later only from an element first played in a
// gesture: every click unlocks the one shared player, so replies can be
// read aloud as they arrive.
addEventListener('pointerdown', () => void unlock(), { capture: true });
addEventListener('keydown', () => void unlock(), { capture: true });

export default mount(App, { target: document.getElementById('app')! });
