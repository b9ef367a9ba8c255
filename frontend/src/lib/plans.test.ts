import { describe, expect, it } from 'vitest';
import { allowance, includesKaiwaAI, kaiwaAIAllowance, price } from './plans';

describe('plans', () => {
  it('prices a plan', () => {
    expect(price({ priceCents: 0, currency: 'USD' })).toMatch(/^\$0$/);
    expect(price({ priceCents: 999, currency: 'USD' })).toMatch(/9\.99/);
  });
  it('says what a plan allows', () => {
    expect(allowance(10, 'AI conversation')).toBe('10 AI conversations');
    expect(allowance(1, 'AI minute')).toBe('1 AI minute');
    expect(allowance(null, 'AI minute')).toBe('Unlimited AI minutes');
  });
  it('says what a plan gives of Kaiwa AI', () => {
    const free = { kaiwaAiModel: '', conversations: 10, minutes: 30 };
    expect(includesKaiwaAI(free)).toBe(false);
    expect(kaiwaAIAllowance(free)).toBe('No Kaiwa AI');
    expect(kaiwaAIAllowance({ kaiwaAiModel: 'kaiwa-pro', conversations: 100, minutes: 300 })).toBe(
      'Kaiwa AI, no key needed: 100 conversations and 300 minutes a month',
    );
    expect(kaiwaAIAllowance({ kaiwaAiModel: 'kaiwa-premium' })).toBe(
      'Kaiwa AI, no key needed: unlimited',
    );
  });
});
