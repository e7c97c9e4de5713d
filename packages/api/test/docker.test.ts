import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../src/config';

// No Docker engine runs where CI runs: the files are checked for what a reviewer would check.
const ROOT = join(import.meta.dirname, '../../..');
const compose = parse(readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8'));
const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');

describe('docker/compose.yaml', () => {
  it('runs PostgreSQL, Redis, a migrate job, two API replicas and a proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres', 'proxy', 'redis']);
    expect(compose.services.api.deploy.replicas).toBe(2);
    expect(compose.services.api.depends_on.migrate.condition).toBe('service_completed_successfully');
    expect(compose.services.migrate.depends_on.postgres.condition).toBe('service_healthy');
    expect(compose.services.migrate.command).toContain('migrate');
    expect(compose.services.postgres.healthcheck.test.join(' ')).toMatch(/pg_isready/);
    expect(compose.volumes).toHaveProperty('pgdata');
    expect(compose.services.postgres.volumes[0]).toMatch(/^pgdata:/);
  });

  it('pins every image and gives the API only settings Kho knows', () => {
    for (const [name, s] of Object.entries<{ image?: string }>(compose.services)) {
      if (s.image) expect(s.image, name).toMatch(/:[\w.${}:-]+$/);
      expect(s.image ?? '', name).not.toMatch(/:latest$/);
    }
    const known = Object.keys(envSchema.shape);
    for (const key of Object.keys(compose.services.api.environment)) expect(known, key).toContain(key);
  });

  it('has a proxy config that reaches the API and an .env example with the required secret', () => {
    expect(readFileSync(join(ROOT, 'docker/nginx.conf'), 'utf8')).toMatch(/server api:3000/);
    expect(readFileSync(join(ROOT, 'docker/.env.example'), 'utf8')).toMatch(/^POSTGRES_PASSWORD=/m);
  });
});

describe('docker/Dockerfile', () => {
  it('builds from the lockfile, deploys only the api, runs unprivileged with a readiness check', () => {
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    expect(dockerfile).toMatch(/pnpm --filter @kho\/api deploy --prod/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/ready/);
    for (const from of dockerfile.match(/^FROM \S+/gm) ?? []) expect(from).toMatch(/:\d+\.\d+/);
  });

  it('runs the bundled server and CLI (bin/run.mjs, built in the image) and copies what the root postinstall needs', () => {
    const cmd = JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)![1]!) as string[];
    // The same node flags as the root start script.
    const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
    expect(cmd.join(' ')).toBe(start.replace('packages/api/', ''));
    expect(dockerfile).toMatch(/node bin\/run\.mjs build/);
    expect(existsSync(join(ROOT, 'packages/api', cmd[cmd.length - 2]!))).toBe(true);
    expect(compose.services.migrate.command).toEqual(['node', 'bin/run.mjs', 'cli', 'migrate']);
    const postinstall = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts
      .postinstall as string;
    const script = postinstall.split(' ')[1]!;
    expect(dockerfile).toContain(`COPY ${script.split('/')[0]} ./${script.split('/')[0]}`);
  });

  it('copies the manifest of every workspace package before installing', () => {
    const workspace = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
    const dirs = [
      ...readdirSync(join(ROOT, 'packages')).map((d) => `packages/${d}`),
      ...(workspace.includes('- bench') ? ['bench'] : []),
    ].filter((d) => existsSync(join(ROOT, d, 'package.json')));
    for (const d of dirs) expect(dockerfile, d).toContain(`COPY ${d}/package.json`);
    expect(dockerfile).toContain('COPY patches ./patches');
  });
});
