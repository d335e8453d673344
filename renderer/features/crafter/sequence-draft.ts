import type { CraftedFrame } from '../../../shared/crafted-frame';
import type { SequenceStep } from '../../store/crafter-slice';
import { wholeNumber } from '../session-options/input-error';

/** One step of the sequence being built: its delay as typed. */
export interface DraftStep {
  /** Stable key for React while steps are added and removed. */
  key: number;
  frame: CraftedFrame;
  /** Milliseconds to wait before this frame; blank for none. */
  delay: string;
}

// The contract's bound on one step's delay: ten minutes.
const MAX_DELAY_MS = 600_000;

/** The steps to send or save; throws InputError for the first delay to fix. */
export function toSequenceSteps(steps: DraftStep[]): SequenceStep[] {
  return steps.map((step, index) => ({ frame: step.frame, delayMs: wholeNumber(step.delay, `The delay before frame ${index + 1} (ms)`, 0, MAX_DELAY_MS) ?? 0 }));
}

/** Saved steps back in the editor. */
export function toDraftSteps(steps: SequenceStep[]): DraftStep[] {
  return steps.map((step, index) => ({ key: index + 1, frame: step.frame, delay: step.delayMs === 0 ? '' : String(step.delayMs) }));
}

/** `steps` with `frame` added at the end. */
export function appendStep(steps: DraftStep[], frame: CraftedFrame): DraftStep[] {
  return [...steps, { key: Math.max(0, ...steps.map((step) => step.key)) + 1, frame, delay: '' }];
}
