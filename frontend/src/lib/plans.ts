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

/** Whether a plan includes Kaiwa AI, the hosted partner a plan pays for. */
export function includesKaiwaAI(t: Pick<Tier, 'kaiwaAiModel'>): boolean {
  return !!t.kaiwaAiModel;
}

/**
 * What a plan gives of Kaiwa AI: "Kaiwa AI, no key needed: 100 conversations and
 * 300 minutes a month", "…: unlimited", or "No Kaiwa AI".
 */
export function kaiwaAIAllowance(t: Pick<Tier, 'kaiwaAiModel' | 'conversations' | 'minutes'>): string {
  if (!includesKaiwaAI(t)) return 'No Kaiwa AI';
  if (t.conversations == null && t.minutes == null) return 'Kaiwa AI, no key needed: unlimited';
  const parts = [allowance(t.conversations, 'conversation'), allowance(t.minutes, 'minute')];
  return `Kaiwa AI, no key needed: ${parts.join(' and ').replace(/^Unlimited/, 'unlimited')} a month`;
}
