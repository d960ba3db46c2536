import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';

const dir = mkdtempSync(join(tmpdir(), 'tsa-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('command line', () => {
  it('seed-cli seeds a new database (creating folders) and refuses to seed it twice', () => {
    const dbPath = join(dir, 'nested', 'folder', 'seeded.db');
    const first = spawnSync(process.execPath, ['server/seed-cli.ts', '--db', dbPath, '--members', '50'], {
      encoding: 'utf8',
    });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Large Organisation');
    expect(first.stdout).toContain(DEMO_ACCOUNTS.admin.email);

    const second = spawnSync(process.execPath, ['server/seed-cli.ts', '--db', dbPath], { encoding: 'utf8' });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/already holds data/);
  });

  it('main seeds an empty database, listens on 127.0.0.1, prints the URL and demo sign-in, and keeps dev endpoints off', async () => {
    const dbPath = join(dir, 'main', 'server.db');
    const child = spawn(process.execPath, ['server/main.ts', '--db', dbPath, '--seed-if-empty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 30_000);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match?.[1] && output.includes('Demo sign-in')) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output).toContain(`Demo sign-in: ${DEMO_ACCOUNTS.admin.email} / ${DEMO_ACCOUNTS.admin.password}`);
      const health = await fetch(`${url}/api/v1/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      // the dev SMS outbox is opt-in (--dev-endpoints), even on loopback
      expect((await fetch(`${url}/api/v1/dev/sms-outbox`)).status).toBe(404);
      expect(output).not.toContain('SMS outbox');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
