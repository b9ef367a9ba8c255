// The first screen's data can come inside the page: Go serves the page with
// it when the learner's data is open by then (app.go, pageWithFirstScreen),
// which saves a round trip while the window starts. Otherwise the page asks
// for the same data (App.FirstScreen).
import type { FirstScreen } from '../api';

export const FIRST_SCREEN_ELEMENT = 'first-screen';

/** The first screen's data the page was served with, or null. */
export function givenFirstScreen(): FirstScreen | null {
  const given = document.getElementById(FIRST_SCREEN_ELEMENT)?.textContent;
  return given ? (JSON.parse(given) as FirstScreen) : null;
}
