// The learner's saved words: saving one (with its reading from the reading
// aids when the word has none), and how many are due, for Home.
import { errorMessage, Vocabulary, type VocabularyCard, type WordToSave } from '../api';
import { readingLanguages, readings } from './readings.svelte';

class Words {
  /** Cards due now, as Home shows them. */
  due = $state(0);
  /** Normalised-enough keys of the words saved in this session: "lang\0word". */
  saved = $state<string[]>([]);
  error = $state('');

  async loadDue() {
    try {
      this.due = (await Vocabulary.Stats()).dueNow;
    } catch {
      this.due = 0;
    }
  }

  isSaved(lang: string, word: string): boolean {
    return this.saved.includes(`${lang}\u0000${word.trim()}`);
  }

  /** Saves a word; its reading comes from the reading aids when not given. */
  async save(w: Partial<WordToSave> & { language: string; word: string }): Promise<VocabularyCard | null> {
    this.error = '';
    const word = w.word.trim();
    let reading = w.reading ?? '';
    if (!reading && readingLanguages.includes(w.language)) {
      try {
        const segments = await readings.of(w.language, word);
        if (segments.some((s) => s.reading)) reading = segments.map((s) => s.reading || s.text).join('');
      } catch {
        // A word without its reading is still worth saving.
      }
    }
    try {
      const card = await Vocabulary.Save({ language: w.language, word, reading, meaning: w.meaning ?? '', example: w.example ?? '', messageId: w.messageId ?? '' });
      this.saved = [...this.saved, `${w.language}\u0000${word}`];
      return card;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    }
  }
}

export const words = new Words();
