import Table from 'cli-table3';

/** A plain table for terminals (no colours: output is often piped into files and emails). */
export function table(head: string[], rows: (string | number | null | undefined)[][]): string {
  const t = new Table({
    head,
    style: { head: [], border: [] },
    wordWrap: true,
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) t.push(r.map((c) => (c === null || c === undefined ? '' : String(c))));
  return t.toString();
}

/** One line of progress on stderr, redrawn in place; nothing when stderr is not a terminal. */
export function progressLine(): { update(rows: number, rejected: number, ms: number): void; done(): void } {
  const tty = process.stderr.isTTY;
  let last = '';
  return {
    update(rows, rejected, ms) {
      if (!tty) return;
      const rate = ms > 0 ? Math.round((rows * 1000) / ms) : 0;
      last = `  ${rows.toLocaleString('en')} rows read · ${rate.toLocaleString('en')} rows/s${rejected ? ` · ${rejected.toLocaleString('en')} problems` : ''}`;
      process.stderr.write(`\r${last.padEnd(70)}`);
    },
    done() {
      if (tty && last) process.stderr.write('\n');
    },
  };
}

export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
