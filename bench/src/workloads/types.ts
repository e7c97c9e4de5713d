export interface WorkloadOptions {
  smoke: boolean;
}

export interface Result {
  workload: string;
  reference: string;
  kho: string;
  ref: string;
  /** Kho ÷ reference, higher is better; null where there is no reference. */
  ratio: number | null;
  /** The target as the table shows it ("≥ 0.8×", "< 5 s"), null where there is none. */
  target: string | null;
  /** Whether every part of the target is met (ratio, memory, time); null without a target. */
  ok: boolean | null;
  extra?: string;
}

/** A ratio target, optionally with further bounds (memory) that must hold too. */
export const atLeast = (ratio: number, min: number, ...also: boolean[]) => ({
  target: `≥ ${min}×`,
  ok: ratio >= min && also.every(Boolean),
});

/** A reported row that is the ceiling of the row above it: no target of its own. */
export const ceilingOfRowAbove = { target: '— (ceiling for the row above)', ok: null } as const;
