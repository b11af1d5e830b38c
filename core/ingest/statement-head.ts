import type { Token } from './sql-lexer.js';

// Reading the first tokens of a statement: which table it names, its column list, what kind of statement it is.

export interface QualifiedName {
  /** The unqualified table name as PostgreSQL folds it. */
  table: string;
  /** As written, for messages. */
  name: string;
  next: number;
}

export function qualifiedName(tokens: Token[], i: number): QualifiedName | null {
  const parts: string[] = [];
  let k = i;
  for (;;) {
    const t = tokens[k];
    if (t === undefined || (t.kind !== 'word' && t.kind !== 'ident')) return null;
    parts.push(t.value);
    k++;
    if (tokens[k]?.kind === 'punct' && tokens[k]!.value === '.') k++;
    else break;
  }
  if (tokens[i]?.value === 'only' && parts.length === 1) return null;
  return { table: parts[parts.length - 1]!, name: parts.join('.'), next: k };
}

export function identifierList(tokens: Token[], i: number): { names: string[]; next: number } | null {
  const names: string[] = [];
  let k = i + 1;
  for (;;) {
    const t = tokens[k];
    if (t === undefined || (t.kind !== 'word' && t.kind !== 'ident')) return null;
    names.push(t.value);
    const sep = tokens[k + 1];
    if (sep?.value === ')') return { names, next: k + 2 };
    if (sep?.value !== ',') return null;
    k += 2;
  }
}

export function kindOf(tokens: Token[]): string {
  const words: string[] = [];
  for (const t of tokens) {
    if (t.kind !== 'word' || words.length === 2) break;
    words.push(t.value.toUpperCase());
  }
  if (words[0] === 'COPY') return 'COPY (not retail data from stdin)';
  if (words[0] === 'CREATE' || words[0] === 'DROP' || words[0] === 'ALTER') {
    const object = tokens
      .slice(1, 6)
      .find(
        (t) =>
          t.kind === 'word' && !/^(or|replace|temp|temporary|unlogged|if|not|exists|unique)$/.test(t.value),
      );
    return `${words[0]} ${object?.value.toUpperCase() ?? ''}`.trim();
  }
  return words[0] ?? 'statement';
}

/** Text for reports: one line, at most 120 characters, no NUL (PostgreSQL's jsonb and text refuse it). */
export function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replaceAll('\u0000', '\u2400').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
