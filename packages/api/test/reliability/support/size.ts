/**
 * RELIABILITY_SIZE=full runs every suite at its large size (local runs, before a release);
 * anything else (CI) runs the small size. Each suite states both in docs/reliability.md.
 */
export const FULL = process.env.RELIABILITY_SIZE === 'full';

export const bySize = <T>(ci: T, full: T): T => (FULL ? full : ci);

/** A seed per run (printed, so a failure can be replayed with RELIABILITY_SEED). */
export const SEED = process.env.RELIABILITY_SEED
  ? Number(process.env.RELIABILITY_SEED)
  : Date.now() % 2 ** 31;
