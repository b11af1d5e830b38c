import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModels } from '../../../core/analytics/model-runner.js';

const dirs: string[] = [];
function modelsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lgs-models-'));
  dirs.push(dir);
  for (const [file, sql] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), sql);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadModels', () => {
  it('builds a model after the models it reads, whatever their names, and layers in order', async () => {
    const dir = modelsDir({
      'staging/lines.sql': '-- materialized: view\nSELECT 1 AS x',
      'intermediate/a_orders.sql': 'SELECT * FROM lgs.int_z_facts',
      'intermediate/z_facts.sql': 'SELECT * FROM lgs.stg_lines',
      'marts/summary.sql': 'SELECT * FROM lgs.int_a_orders;',
    });
    const models = await loadModels(dir);
    expect(models.map((m) => [m.table, m.materialized])).toEqual([
      ['lgs.stg_lines', 'view'],
      ['lgs.int_z_facts', 'table'],
      ['lgs.int_a_orders', 'table'],
      ['lgs.mart_summary', 'table'],
    ]);
    expect(models[3]!.sql).toBe('SELECT * FROM lgs.int_a_orders');
  });

  it('refuses a cycle and a read of a later layer', async () => {
    const cycle = modelsDir({
      'intermediate/a.sql': 'SELECT * FROM lgs.int_b',
      'intermediate/b.sql': 'SELECT * FROM lgs.int_a',
    });
    await expect(loadModels(cycle)).rejects.toMatchObject({ code: 'MODEL_CYCLE' });
    const backwards = modelsDir({ 'staging/s.sql': 'SELECT * FROM lgs.mart_m', 'marts/m.sql': 'SELECT 1' });
    await expect(loadModels(backwards)).rejects.toMatchObject({ code: 'MODEL_LAYER' });
  });

  it('the project models load in a valid order', async () => {
    const models = await loadModels();
    const seen = new Set<string>();
    for (const m of models) {
      for (const ref of m.sql.matchAll(/\blgs\.((?:stg|int|mart)_[a-z0-9_]+)/g)) {
        if (`lgs.${ref[1]}` !== m.table)
          expect(seen.has(`lgs.${ref[1]}`), `${m.file} reads ${ref[1]}`).toBe(true);
      }
      seen.add(m.table);
    }
    expect(models.length).toBeGreaterThan(10);
  });
});
