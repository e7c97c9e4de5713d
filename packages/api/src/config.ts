import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `expected a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);
const pgUrl = z
  .string()
  .refine(
    (s) => /^postgres(ql)?:\/\/.+/.test(s) && URL.canParse(s),
    'expected a postgres://user@host:port/database URL',
  );

/** Every setting Kho reads from the environment. docs/operations.md is generated from these descriptions. */
export const envSchema = z.object({
  PORT: int('PORT', 0, 65535).default(3000).describe('HTTP port'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface to listen on (0.0.0.0 in containers)'),
  DATABASE_URL: pgUrl.optional().describe('PostgreSQL 15+ server; unset = embedded PGlite in KHO_DATA_DIR'),
  DATABASE_READ_URL: pgUrl.optional().describe('Read replica for read-only queries (requires DATABASE_URL)'),
  KHO_DATA_DIR: z.string().min(1).default('./data').describe('Embedded database directory (PGlite mode)'),
  KHO_DEMO: bool.default(true).describe('Load the bundled demo datasets on first start'),
  KHO_TEMPLATE_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Where the template new embedded data directories start from is kept (built by pnpm install); default packages/api/node_modules/.cache/kho',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level'),
  DB_POOL_SIZE: int('DB_POOL_SIZE', 1, 200).default(10).describe('PostgreSQL connections per instance'),
  STATEMENT_TIMEOUT_MS: int('STATEMENT_TIMEOUT_MS', 100, 3_600_000)
    .default(15_000)
    .describe('Per-statement timeout for API queries, ms'),
  PUBLIC_URL: z
    .string()
    .refine((s) => URL.canParse(s), 'expected an absolute URL such as https://data.example.gov.vn')
    .optional()
    .describe('Public base URL used in links (DCAT, downloads); default http://HOST:PORT'),
  CORS_WRITE_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine(
      (xs) => xs.every((x) => URL.canParse(x)),
      'expected a comma-separated list of origins such as https://portal.example.gov.vn',
    )
    .describe('Browser origins allowed to send writes (reads are open to every origin)'),
  CACHE_MAX_AGE: int('CACHE_MAX_AGE', 0, 86_400)
    .default(60)
    .describe('Cache-Control max-age of anonymous GET answers, seconds'),
  UPLOAD_MAX_MB: int('UPLOAD_MAX_MB', 1, 10_000)
    .default(100)
    .describe('Largest file accepted by POST /v1/datasets/{id}/ingest, MB (streamed to disk)'),
  RATE_LIMIT_MAX: int('RATE_LIMIT_MAX', 1, 100_000_000)
    .default(120)
    .describe('Requests per minute per IP for anonymous clients'),
  RATE_LIMIT_KEY_MAX: int('RATE_LIMIT_KEY_MAX', 1, 100_000_000)
    .default(1200)
    .describe('Requests per minute per key (a key may carry its own limit)'),
  REDIS_URL: z
    .string()
    .refine((s) => /^rediss?:\/\//.test(s) && URL.canParse(s), 'expected redis://host:6379')
    .optional()
    .describe('Redis for rate-limit counters shared by several API instances; unset = in memory'),
  TRUST_PROXY: bool
    .default(false)
    .describe('Trust X-Forwarded-For from a reverse proxy (set behind nginx/Caddy)'),
  SHUTDOWN_TIMEOUT_MS: int('SHUTDOWN_TIMEOUT_MS', 0, 600_000)
    .default(15_000)
    .describe(
      'On SIGTERM, how long in-flight requests and downloads may take before their connections are closed',
    ),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: bool
    .default(false)
    .describe(
      'Allow webhooks to private, loopback and link-local addresses (closed networks, tests); off = SSRF guard',
    ),
  WEBHOOK_WORKER: bool
    .default(true)
    .describe(
      'Run the webhook delivery worker in this instance (every instance may; deliveries are claimed once)',
    ),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('Node environment'),
});
export type Config = z.infer<typeof envSchema> & { dataDir: string; templateDir: string; publicUrl: string };

const DEFAULT_TEMPLATE_DIR = fileURLToPath(new URL('../node_modules/.cache/kho', import.meta.url));

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Parses the environment; every bad variable is reported at once, one line each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        const got = key in input ? ` (got "${input[key]}")` : '';
        return `${key}: ${i.message}${got}`;
      }),
    );
  }
  const c = parsed.data;
  if (c.DATABASE_READ_URL && !c.DATABASE_URL) {
    throw new ConfigError(['DATABASE_READ_URL: a read replica needs DATABASE_URL for the primary']);
  }
  const host = c.HOST === '0.0.0.0' || c.HOST === '::' ? 'localhost' : c.HOST;
  return {
    ...c,
    dataDir: resolve(c.KHO_DATA_DIR),
    templateDir: c.KHO_TEMPLATE_DIR ? resolve(c.KHO_TEMPLATE_DIR) : DEFAULT_TEMPLATE_DIR,
    publicUrl: (c.PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${c.PORT}`).replace(
      /\/$/,
      '',
    ),
  };
}
