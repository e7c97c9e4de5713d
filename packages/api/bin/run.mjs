#!/usr/bin/env node
// Runs Kho's server or CLI from a bundle of its TypeScript, built by esbuild on first use and
// rebuilt when a source file it was built from changes: `node packages/api/bin/run.mjs server`
// or `… run.mjs cli <args>`. Running the sources through tsx instead cost ~2 s of start-up and
// ~30 MB of RSS (its loader thread, and every module transpiled at load); the bundle is plain
// JavaScript that Node loads directly. Dependencies stay in node_modules (not bundled), so
// their own files (PGlite's WebAssembly, …) are found where they are installed.
//
// Builds live in dist/<build>/ beside a pointer file, dist/current.json, that lists the inputs
// with their mtimes and sizes. A build is written to a directory of its own and the pointer
// replaced atomically, so servers and CLIs started together never see half a build, and a
// running server's lazily loaded chunks stay on disk (older builds are pruned after a day).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const API = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(API, 'dist');
const POINTER = join(DIST, 'current.json');
const ENTRIES = { server: 'src/server.ts', cli: 'src/cli/main.ts' };
const KEEP_MS = 24 * 3600 * 1000;

/** The current build when every file it was built from is unchanged, else null. */
function currentBuild() {
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(POINTER, 'utf8'));
  } catch {
    return null;
  }
  for (const [file, [mtimeMs, size]] of Object.entries(pointer.inputs)) {
    try {
      const s = statSync(file);
      if (s.mtimeMs !== mtimeMs || s.size !== size) return null;
    } catch {
      return null;
    }
  }
  return join(DIST, pointer.build);
}

/**
 * Source files keep their own `import.meta.url` / `import.meta.dirname`: code that reads files
 * beside it (migrations, reference data, portal assets) finds them where they are in the
 * source tree, not beside the bundle.
 */
const keepFileUrls = {
  name: 'keep-file-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return { contents: text, loader: 'ts' };
      return {
        contents: text
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path))),
        loader: 'ts',
      };
    });
  },
};

/**
 * Workspace packages (@kho/*, TypeScript sources) are bundled. Every other package stays
 * external, imported by the absolute path esbuild resolves from the importing source file
 * (Node's ESM conditions): pnpm gives each package only its own dependencies, so a bare
 * `drizzle-orm` written into packages/api/dist would not resolve for @kho/schema's code.
 */
function externalPackages(resolved) {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@kho/') || args.pluginData?.inner) return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { inner: true },
        });
        if (r.errors.length) return { errors: r.errors };
        if (r.external || !r.path.startsWith('/')) return { path: args.path, external: true };
        resolved.add(r.path);
        return { path: r.path, external: true };
      });
    },
  };
}

async function buildNow() {
  const { build, stop } = await import('esbuild');
  const resolved = new Set();
  const name = `b-${Date.now().toString(36)}-${process.pid}`;
  const tmp = join(DIST, `.${name}`);
  const result = await build({
    absWorkingDir: API,
    entryPoints: Object.entries(ENTRIES).map(([out, input]) => ({ out, in: input })),
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [keepFileUrls, externalPackages(resolved)],
  }).finally(() => stop());
  renameSync(tmp, join(DIST, name));
  const inputs = {};
  // Sources and the installed files of the packages the bundle imports: a changed source or a
  // reinstalled dependency (new path, new mtime) means a new build.
  for (const file of [...Object.keys(result.metafile.inputs).map((f) => join(API, f)), ...resolved]) {
    const s = statSync(file);
    inputs[file] = [s.mtimeMs, s.size];
  }
  const next = join(DIST, `.current-${process.pid}.json`);
  writeFileSync(next, JSON.stringify({ build: name, builtAt: new Date().toISOString(), inputs }));
  renameSync(next, POINTER);
  prune(name);
  return join(DIST, name);
}

/** Removes builds other than `keep` that are more than a day old (a server may still load chunks from a recent one). */
function prune(keep) {
  for (const entry of readdirSync(DIST)) {
    if (entry === keep || entry === 'current.json') continue;
    const path = join(DIST, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { recursive: true, force: true });
    } catch {}
  }
}

/** The bundle's directory, built first when missing or stale; null when it cannot be written here. */
export async function ensureBuild() {
  const current = currentBuild();
  if (current) return current;
  try {
    mkdirSync(DIST, { recursive: true });
    return await buildNow();
  } catch (e) {
    if (['EACCES', 'EROFS', 'EPERM', 'ENOSPC'].includes(e.code)) {
      console.warn(
        `kho: cannot write the bundle in ${DIST} (${e.code}); running the TypeScript sources through tsx`,
      );
      return null;
    }
    throw e;
  }
}

const [entry, ...rest] = process.argv.slice(2);
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (entry === 'build') {
    console.log(`kho: built ${relative(process.cwd(), await buildNow())}`);
  } else if (entry in ENTRIES) {
    const dir = await ensureBuild();
    const file = dir ? join(dir, `${entry}.mjs`) : join(API, ENTRIES[entry]);
    if (!dir) (await import('tsx/esm/api')).register();
    process.argv = [process.argv[0], file, ...rest];
    await import(pathToFileURL(file).href);
  } else {
    console.error('usage: node packages/api/bin/run.mjs server | cli [args] | build');
    process.exit(2);
  }
}
