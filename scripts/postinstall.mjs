// Runs after `pnpm install`: builds the template new embedded data directories start from
// (`kho template --if-missing`: migrations, reference and demo data, ~10 s once), so the first
// `pnpm start` takes ~2 s instead of ~12 s. Never fails the install: without a template the
// first start initialises the database itself and leaves one. KHO_SKIP_TEMPLATE=1 skips it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const RUN = 'packages/api/bin/run.mjs';
if (process.env.KHO_SKIP_TEMPLATE || !existsSync(RUN)) process.exit(0);
const r = spawnSync(process.execPath, [RUN, 'cli', 'template', '--if-missing'], { stdio: 'inherit' });
if (r.status !== 0)
  console.warn(
    'kho: the embedded database template was not built; the first `pnpm start` will build the database itself (slower).',
  );
