import { describe, expect, it } from 'vitest';
import { difficultyLabel, greeting, practiceScenarios } from './scenarios';
import type { Scenario } from '../api';

const sc = (id: string, category: string, difficulty: string) =>
  ({ id, category, difficulty, title: id }) as Scenario;

const all = [
  sc('onboarding', 'onboarding', 'beginner'),
  sc('doctor', 'intermediate', 'intermediate'),
  sc('greetings', 'basic', 'beginner'),
  sc('shopping', 'intermediate', 'intermediate'),
  sc('cafe', 'basic', 'beginner'),
];

describe('practiceScenarios', () => {
  it('leaves out onboarding and puts the easiest first, keeping the seed order within a level', () => {
    expect(practiceScenarios(all).map((s) => s.id)).toEqual(['greetings', 'cafe', 'doctor', 'shopping']);
  });
  it('filters by difficulty', () => {
    expect(practiceScenarios(all, 'intermediate').map((s) => s.id)).toEqual(['doctor', 'shopping']);
    expect(practiceScenarios(all, 'advanced')).toEqual([]);
  });
});

describe('labels', () => {
  it('names levels and leaves unknown ones alone', () => {
    expect(difficultyLabel('beginner')).toBe('Beginner');
    expect(difficultyLabel('expert')).toBe('expert');
  });
  it('greets for the time of day', () => {
    expect(greeting(7)).toBe('Good morning');
    expect(greeting(13)).toBe('Good afternoon');
    expect(greeting(22)).toBe('Good evening');
    expect(greeting(3)).toBe('Good evening');
  });
});
