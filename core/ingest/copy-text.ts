/**
 * PostgreSQL COPY text format: tab-separated fields, `\N` for NULL, backslash escapes for tab, newline, carriage
 * return and backslash, plus octal (`\123`) and hex (`\x41`) bytes.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 */

const ESCAPED = /[\\\t\n\r]/;
const ESCAPED_ALL = /[\\\t\n\r]/g;
const REPLACEMENTS: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value written into a COPY text stream. */
export function escapeCopyField(value: string): string {
  return ESCAPED.test(value) ? value.replace(ESCAPED_ALL, (ch) => REPLACEMENTS[ch]!) : value;
}

const SIMPLE: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** A field read from a COPY text stream (not `\N`, which the caller maps to null). */
export function unescapeCopyField(field: string): string {
  if (!field.includes('\\')) return field;
  let out = '';
  let bytes: number[] | null = null; // octal/hex escapes spell bytes; collect runs of them and decode as UTF-8
  const flushBytes = () => {
    if (bytes !== null) {
      out += Buffer.from(bytes).toString('utf8');
      bytes = null;
    }
  };
  for (let i = 0; i < field.length; i++) {
    const ch = field[i]!;
    if (ch !== '\\' || i + 1 === field.length) {
      flushBytes();
      out += ch;
      continue;
    }
    const next = field[i + 1]!;
    const code = next.charCodeAt(0);
    if (code >= 48 && code <= 55) {
      let j = i + 1;
      let v = 0;
      while (j < field.length && j < i + 4 && field.charCodeAt(j) >= 48 && field.charCodeAt(j) <= 55) {
        v = v * 8 + field.charCodeAt(j) - 48;
        j++;
      }
      (bytes ??= []).push(v & 0xff);
      i = j - 1;
    } else if (next === 'x' && /[0-9a-fA-F]/.test(field[i + 2] ?? '')) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(field.slice(i + 2, i + 4))![0];
      (bytes ??= []).push(Number.parseInt(hex, 16));
      i += 1 + hex.length;
    } else {
      flushBytes();
      out += SIMPLE[next] !== undefined ? String.fromCharCode(SIMPLE[next]) : next;
      i++;
    }
  }
  flushBytes();
  return out;
}
