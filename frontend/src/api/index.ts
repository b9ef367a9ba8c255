// The page's only door to the Go services: typed wrappers over the bindings
// Wails generates (./wailsjs), so views never touch window.go directly.
import * as App from './wailsjs/go/main/App';
import * as Catalog from './wailsjs/go/catalog/Service';
import type { main, store } from './wailsjs/go/models';

export type About = main.About;
export type Language = store.Language;
export type Speaker = store.Speaker;
export type Scenario = store.Scenario;

export const about = (): Promise<About> => App.About();
export const languages = (): Promise<Language[]> => Catalog.Languages();
export const speakers = (lang: string): Promise<Speaker[]> => Catalog.Speakers(lang);
export const scenarios = (): Promise<Scenario[]> => Catalog.Scenarios();

// errorMessage turns whatever a binding rejected with into a sentence.
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return 'Something went wrong. Please try again.';
}
