/**
 * What a run leaves behind — child processes and databases — is registered here as it is made,
 * and undone in reverse order at the end of the run, after a failure, and on Ctrl-C.
 */
type Undo = () => Promise<void> | void;

const pending = new Map<number, { what: string; undo: Undo }>();
let next = 0;

/** Registers an undo; the returned function runs it once and unregisters it. */
export function defer(what: string, undo: Undo): () => Promise<void> {
  const id = next++;
  pending.set(id, { what, undo });
  return async () => {
    if (!pending.delete(id)) return;
    await undo();
  };
}

/** Runs every pending undo, newest first; a failing undo is reported and the rest still run. */
export async function cleanupAll(): Promise<void> {
  for (const id of [...pending.keys()].sort((a, b) => b - a)) {
    const entry = pending.get(id);
    pending.delete(id);
    try {
      await entry?.undo();
    } catch (err) {
      console.error(`cleanup of ${entry?.what} failed: ${(err as Error).message}`);
    }
  }
}

let installed = false;
/** Ctrl-C or SIGTERM: undo everything, then exit with the signal's code. */
export function cleanupOnSignals(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up …`);
      void cleanupAll().finally(() => process.exit(code));
    });
  }
}
