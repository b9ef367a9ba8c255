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
      const [langs, scs] = await Promise.all([Catalog.Languages(), Catalog.Scenarios()]);
      this.languages = langs;
      this.scenarios = scs;
      this.error = '';
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loaded = true;
    }
  }

  language(code: string): Language | undefined {
    return this.languages.find((l) => l.code === code);
  }
}

export const catalog = new CatalogStore();
