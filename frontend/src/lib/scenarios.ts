import type { Scenario } from '../api';

export const difficultyOrder = ['beginner', 'elementary', 'intermediate', 'advanced'] as const;

const levelNames: Record<string, string> = {
  beginner: 'Beginner',
  elementary: 'Elementary',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export function difficultyLabel(d: string): string {
  return levelNames[d] ?? d;
}

/** Practice scenarios (not the onboarding one), easiest first, stable within a level. */
export function practiceScenarios(all: Scenario[], difficulty = 'all'): Scenario[] {
  const rank = (d: string) => {
    const i = (difficultyOrder as readonly string[]).indexOf(d);
    return i < 0 ? difficultyOrder.length : i;
  };
  return all
    .filter((s) => s.category !== 'onboarding')
    .filter((s) => difficulty === 'all' || s.difficulty === difficulty)
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s.difficulty) - rank(b.s.difficulty) || a.i - b.i)
    .map(({ s }) => s);
}

/** The greeting for the time of day, in English (the UI language for now). */
export function greeting(hour: number): string {
  if (hour < 5 || hour >= 18) return 'Good evening';
  if (hour < 12) return 'Good morning';
  return 'Good afternoon';
}
