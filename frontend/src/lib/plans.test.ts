import { describe, expect, it } from 'vitest';
import { allowance, price } from './plans';

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
});
