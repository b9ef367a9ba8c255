import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { applyTheme } from './lib/theme';

applyTheme('auto'); // until the learner's own theme is known

export default mount(App, { target: document.getElementById('app')! });
