// The catalog (languages and scenarios) loaded once from Go and shared by views.
import { Catalog, errorMessage, type Language, type Scenario } from '../api';

class CatalogStore {
  languages = $state<Language[]>([]);
  scenarios = $state<Scenario[]>([]);
  error = $state('');
  loaded = $state(false);
  /** The language the learner is practising on the home page. */
  chosen = $state('ja');

  async load(): Promise<void> {
    try {
      this.take(...(await Promise.all([Catalog.Languages(), Catalog.Scenarios()])));
    } catch (e) {
      this.error = errorMessage(e);
      this.loaded = true;
    }
  }

  /** Takes a catalog read elsewhere (the first screen's). */
  take(languages: Language[], scenarios: Scenario[]) {
    this.languages = languages;
    this.scenarios = scenarios;
    this.error = '';
    this.loaded = true;
  }

  language(code: string): Language | undefined {
    return this.languages.find((l) => l.code === code);
  }
}

export const catalog = new CatalogStore();
