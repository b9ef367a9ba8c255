// A new learner's first screen, drawn by the build. It is the same for
// everyone (Kai's greeting and the languages to choose from), so Go serves
// the page with it already inside (app.go): it is painted while the page's
// scripts are still loading, and they take it over (main.ts).
import { render } from 'svelte/server';
import App from './App.svelte';
import type { FirstScreen } from './api';
// A fresh installation's first screen, as Go serves it (plain data, not the
// bindings' classes); firstscreen_test.go keeps it true.
import welcome from './welcome.json';

export const welcomeScreen = (): string => render(App, { props: { given: welcome as unknown as FirstScreen } }).body;
