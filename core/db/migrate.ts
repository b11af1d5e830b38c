import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { migrationsDir } from '../paths.js';
import type { Db } from './gateway.js';

/**
 * Versioned .sql files (`0001_name.sql`), applied in order, each in its own transaction, once. A lock keeps two
 * processes starting together from applying the same file twice; a changed checksum of an applied file is an error
 * (edit by adding a new migration, never by rewriting history).
 */
export async function migrate(db: Db, dir = migrationsDir): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await db.withTransaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('lgs.migrate'))");
    await tx.query('CREATE SCHEMA IF NOT EXISTS lgs');
    await tx.query(`CREATE TABLE IF NOT EXISTS lgs.schema_migrations (
      version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (
        await tx.query<{ version: string; checksum: string }>(
          'SELECT version, checksum FROM lgs.schema_migrations',
        )
      ).map((r) => [r.version, r.checksum]),
    );
    for (const file of files) {
      const sql = await readFile(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const version = file.replace(/\.sql$/, '');
      const previous = done.get(version);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new AppError('MIGRATION_CHANGED', `migration ${file} was changed after it was applied`);
        }
        continue;
      }
      await tx.query(sql);
      await tx.query('INSERT INTO lgs.schema_migrations (version, checksum) VALUES ($1, $2)', [
        version,
        checksum,
      ]);
      applied.push(version);
    }
  });
  return applied;
}
