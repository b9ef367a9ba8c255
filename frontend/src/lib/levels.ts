// How the learner's level and their attempts at a scenario read on the page.
import type { LanguageLevel, ScenarioTries } from '../api';

export const cefrLevels = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;

const cefrNames: Record<string, string> = {
  A1: 'Beginner',
  A2: 'Elementary',
  B1: 'Intermediate',
  B2: 'Upper intermediate',
  C1: 'Advanced',
  C2: 'Proficient',
};

/** "B1 · Intermediate". */
export function cefrLabel(level: string): string {
  return cefrNames[level] ? `${level} · ${cefrNames[level]}` : level;
}

/** Why the level is where it is, in one sentence. */
export function levelWhy(l: LanguageLevel): string {
  if (!l.sessions) return 'From what you told Kaiwa when you started; it follows your sessions from now on.';
  const because = l.why.length ? `: ${l.why.join(', ')}.` : '.';
  const moved = l.change === 'up' ? 'Up one step' : l.change === 'down' ? 'Down one step' : 'Steady';
  return `${moved} after your last session${because} Based on ${l.sessions} session${l.sessions === 1 ? '' : 's'}.`;
}

const statusWords: Record<string, string> = { started: 'in progress', finished: 'finished', abandoned: 'left early' };

/** "Tried 3× · last: finished". */
export function triesLabel(t: ScenarioTries): string {
  return `Tried ${t.tries}× · last: ${statusWords[t.lastStatus] ?? t.lastStatus}`;
}
