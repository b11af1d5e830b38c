import { parse } from 'csv-parse/sync';
import { unescapeCopyField } from '../../../core/ingest/copy-text.js';
import { generateDumpSync, type SynthFormat } from '../../../core/synth/generate.js';

/**
 * Reads the synthetic dumps back as raw text fields, independently of the generator, so tests can check both the
 * shape of every value and that the text says exactly what the generator meant.
 */
export type RawRow = [string, string, string | null, string, string, string, string | null, string];

export function dumpText(rows: number, format: SynthFormat, seed?: number): string {
  return [...generateDumpSync({ rows, format, seed })].join('');
}

/** The data lines of a COPY dump: between the COPY line and `\.`. */
export function copyLines(text: string): string[] {
  const start = text.indexOf(' FROM stdin;\n');
  const end = text.indexOf('\n\\.\n', start);
  if (start < 0 || end < 0) throw new Error('no COPY block');
  const body = text.slice(text.indexOf('\n', start) + 1, end + 1);
  return body === '' ? [] : body.slice(0, -1).split('\n');
}

export function readCopy(text: string): RawRow[] {
  return copyLines(text).map((line) => {
    const fields = line.split('\t').map((f) => (f === '\\N' ? null : unescapeCopyField(f)));
    if (fields.length !== 8) throw new Error(`COPY line with ${fields.length} fields: ${line}`);
    return fields as RawRow;
  });
}

export function insertLines(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('INSERT INTO '));
}

/** One INSERT's values: '...' literals with '' for a quote (backslashes literal), NULL, or bare numbers. */
export function readInserts(text: string): RawRow[] {
  const prefix = 'INSERT INTO public.retail VALUES (';
  return insertLines(text).map((line) => {
    if (!line.startsWith(prefix) || !line.endsWith(');')) throw new Error(`odd INSERT: ${line}`);
    const body = line.slice(prefix.length, -2);
    const values: (string | null)[] = [];
    let i = 0;
    while (i <= body.length) {
      if (body[i] === "'") {
        let s = '';
        i++;
        for (;;) {
          const q = body.indexOf("'", i);
          if (q < 0) throw new Error(`unterminated literal: ${line}`);
          s += body.slice(i, q);
          if (body[q + 1] === "'") {
            s += "'";
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        values.push(s);
      } else {
        const comma = body.indexOf(',', i);
        const raw = body.slice(i, comma < 0 ? body.length : comma);
        values.push(raw === 'NULL' ? null : raw);
        i = comma < 0 ? body.length : comma;
      }
      if (i >= body.length) break;
      if (body.slice(i, i + 2) !== ', ') throw new Error(`expected ", " at ${i}: ${line}`);
      i += 2;
    }
    if (values.length !== 8) throw new Error(`INSERT with ${values.length} values: ${line}`);
    return values as RawRow;
  });
}

/** CSV records after the header; empty fields read as null, as the loader reads them. */
export function readCsv(text: string): { header: string[]; rows: RawRow[] } {
  const records: string[][] = parse(text);
  const [header, ...rest] = records;
  return {
    header: header ?? [],
    rows: rest.map((r) => r.map((f) => (f === '' ? null : f)) as RawRow),
  };
}
