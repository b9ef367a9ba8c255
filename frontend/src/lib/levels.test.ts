import { describe, expect, test } from 'vitest';
import type { LanguageLevel } from '../api';
import { cefrLabel, levelWhy, triesLabel } from './levels';

const level = (over: Partial<LanguageLevel>): LanguageLevel => ({
  language: 'es', level: 'B1', estimate: 'B1', chosen: '', confidence: 0.5, sureness: 'medium', sessions: 3, why: [], change: 'same', ...over,
});

describe('levels', () => {
  test('a level reads with its name', () => {
    expect(cefrLabel('B2')).toBe('B2 · Upper intermediate');
    expect(cefrLabel('X9')).toBe('X9');
  });

  test('why says which way the last session moved the level and because of what', () => {
    expect(levelWhy(level({ change: 'up', why: ['longer answers', 'fewer corrections'] }))).toBe(
      'Up one step after your last session: longer answers, fewer corrections. Based on 3 sessions.',
    );
    expect(levelWhy(level({ change: 'down', sessions: 1, why: ['more English'] }))).toBe('Down one step after your last session: more English. Based on 1 session.');
    expect(levelWhy(level({ why: [] }))).toBe('Steady after your last session. Based on 3 sessions.');
    expect(levelWhy(level({ sessions: 0, change: '' }))).toMatch(/^From what you told Kaiwa/);
  });

  test('tries read as the card shows them', () => {
    expect(triesLabel({ scenarioId: 'cafe', tries: 3, lastStatus: 'finished', lastAt: '', lastFocus: [] })).toBe('Tried 3× · last: finished');
    expect(triesLabel({ scenarioId: 'cafe', tries: 1, lastStatus: 'abandoned', lastAt: '', lastFocus: [] })).toBe('Tried 1× · last: left early');
    expect(triesLabel({ scenarioId: 'cafe', tries: 2, lastStatus: 'started', lastAt: '', lastFocus: [] })).toBe('Tried 2× · last: in progress');
  });
});
