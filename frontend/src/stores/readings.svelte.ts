// Reading aids (furigana, pinyin, romanization, transliteration): which
// languages the learner reads with them, and each line's readings, asked of
// Go once (Korean is romanized here) and kept for the session.
import { Preferences, Reading, errorMessage, type Segment } from '../api';

/** Languages Kaiwa has a reading aid for. */
export const readingLanguages = ['ja', 'zh', 'ko', 'ru'];

const names: Record<string, string> = { ja: 'furigana', zh: 'pinyin', ko: 'romanization', ru: 'transliteration' };

/** What the aid is called in a language: "furigana" for Japanese. */
export const aidName = (lang: string) => names[lang] ?? 'readings';

class Readings {
  /** Languages shown with readings, from the learner's preferences. */
  on = $state<string[]>([]);
  error = $state('');
  private cache = new Map<string, Promise<Segment[]>>();

  async load() {
    this.on = (await Preferences.Get()).readingAids ?? [];
  }

  shown(lang: string): boolean {
    return this.on.includes(lang);
  }

  async toggle(lang: string) {
    this.error = '';
    try {
      this.on = (await Preferences.SetReadingAid(lang, !this.shown(lang))).readingAids ?? [];
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** The line split into runs with their readings. */
  of(lang: string, text: string): Promise<Segment[]> {
    const key = `${lang}\u0000${text}`;
    let segments = this.cache.get(key);
    if (!segments) {
      segments =
        lang === 'ko'
          ? import('../lib/hangul').then((h) => h.romanizeKorean(text))
          : Reading.Of(lang, text);
      segments.catch(() => this.cache.delete(key));
      this.cache.set(key, segments);
    }
    return segments;
  }
}

export const readings = new Readings();
