/**
 * The configuration reference in docs/operations.md, generated from the zod environment
 * schema (the one source of truth): `pnpm --filter @kho/api config:docs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from '../src/config';

export function configReference(): string {
  const rows = Object.entries(envSchema.shape).map(([name, schema]) => {
    const s = schema as unknown as {
      description?: string;
      def?: { defaultValue?: unknown };
      _zod: { def: { defaultValue?: unknown; type: string } };
    };
    const def = s._zod.def;
    const fallback = def.type === 'default' ? def.defaultValue : undefined;
    const shown =
      fallback === undefined
        ? '—'
        : Array.isArray(fallback)
          ? fallback.length
            ? fallback.join(',')
            : '(empty)'
          : `\`${String(fallback) || '(empty)'}\``;
    return `| \`${name}\` | ${shown} | ${s.description ?? ''} |`;
  });
  return ['| variable | default | what |', '|---|---|---|', ...rows].join('\n');
}

const START = '<!-- config:start -->';
const END = '<!-- config:end -->';

export function withReference(doc: string): string {
  const block = `${START}\n${configReference()}\n${END}`;
  return doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = join(import.meta.dirname, '../../../docs/operations.md');
  writeFileSync(file, withReference(readFileSync(file, 'utf8')));
  console.log(`updated ${file}`);
}
