import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('a process that loads the embedded PostgreSQL module', () => {
  it('keeps the exit code it set (a test run with failures must not end with 0)', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', "await import('./server/src/db/embedded.ts'); process.exitCode = 3;"],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});
