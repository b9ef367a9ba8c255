// How plans read on the page.
import type { Tier } from '../api';

/** The monthly price in the learner's number format: "$9.99", "$0". */
export function price(t: Pick<Tier, 'priceCents' | 'currency'>): string {
  const whole = t.priceCents % 100 === 0;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: t.currency, minimumFractionDigits: whole ? 0 : 2 }).format(t.priceCents / 100);
}

/** "10 AI conversations", "1 AI minute" or "Unlimited AI minutes" (limit null: unlimited). */
export function allowance(limit: number | null | undefined, unit: string): string {
  if (limit == null) return `Unlimited ${unit}s`;
  return `${limit} ${unit}${limit === 1 ? '' : 's'}`;
}
