import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownCopy } from '../../../core/ingest/own-copy.js';
import { projectRoot } from '../../../core/paths.js';

describe('ownCopy', () => {
  it('is the same text, whatever its characters', () => {
    for (const text of ['', 'A', '536365\t85123A\tWHITE HANGING HEART', 'Café «déjà» 日本 😀', 'a\u0000b']) {
      expect(ownCopy(text)).toBe(text);
    }
  });

  // In a fresh process with the collector at hand (npm test builds first): the heap must not hold the pieces the kept
  // values were cut from. As plain slices, 1,000 of them hold ~32 MB; as own copies ~0.
  it('keeps no piece of the text it was cut from alive', () => {
    const module = path.join(projectRoot, 'dist', 'core', 'ingest', 'own-copy.js');
    const heldMB = (copy: boolean): number => {
      const script = [
        `const { ownCopy } = await import(${JSON.stringify(module)});`,
        'const { StringDecoder } = await import("node:string_decoder");',
        'const decoder = new StringDecoder("utf8"); const kept = [];',
        'globalThis.gc(); const before = process.memoryUsage().heapUsed;',
        'for (let i = 0; i < 1000; i++) {',
        '  const piece = decoder.write(Buffer.from(("x".repeat(60) + i + "\\n").repeat(500)));',
        `  const value = piece.slice(100, 130).replaceAll("\\u0000", "\\u2400");`,
        `  kept.push(${copy ? 'ownCopy(value)' : 'value'});`,
        '}',
        'globalThis.gc(); globalThis.gc();',
        'console.log((process.memoryUsage().heapUsed - before) / 1e6, kept.length);',
      ].join('\n');
      const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      return Number(run.stdout.split(' ')[0]);
    };
    expect(heldMB(false)).toBeGreaterThan(20);
    expect(heldMB(true)).toBeLessThan(5);
  });
});
