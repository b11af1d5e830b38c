import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { templatesDir } from '../paths.js';

/** One RFM segment: which R and F digits it takes, and what marketing should do about it. */
export interface SegmentRule {
  segment: string;
  /** A regular expression over the two digits R then F, anchored when applied. */
  pattern: string;
  description: string;
  action: string;
}

export const segmentMapFile = path.join(templatesDir, 'segment-map.json');

/** Reads and checks the analysts' segment map: every R×F cell must fall in exactly one segment. */
export async function loadSegmentMap(file = segmentMapFile): Promise<SegmentRule[]> {
  const raw = JSON.parse(await readFile(file, 'utf8')) as { segments?: unknown };
  return validateSegmentMap(raw.segments, file);
}

export function validateSegmentMap(segments: unknown, source = 'segment map'): SegmentRule[] {
  const problems: string[] = [];
  if (!Array.isArray(segments) || segments.length === 0) {
    throw new AppError('SEGMENT_MAP_INVALID', `${source}: "segments" must be a non-empty list`);
  }
  const rules: SegmentRule[] = [];
  segments.forEach((s: Record<string, unknown>, i) => {
    for (const key of ['segment', 'pattern', 'description', 'action'] as const) {
      if (typeof s[key] !== 'string' || s[key].trim() === '') {
        problems.push(`segment #${i + 1}: "${key}" must be a non-empty text`);
      }
    }
    try {
      new RegExp(`^(?:${String(s.pattern)})$`);
    } catch {
      problems.push(`segment #${i + 1}: pattern ${JSON.stringify(s.pattern)} is not a regular expression`);
    }
    rules.push(s as unknown as SegmentRule);
  });
  if (problems.length === 0) {
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const cell = `${r}${f}`;
        const hits = rules
          .filter((rule) => new RegExp(`^(?:${rule.pattern})$`).test(cell))
          .map((x) => x.segment);
        if (hits.length !== 1) {
          problems.push(`R=${r} F=${f} matches ${hits.length === 0 ? 'no segment' : hits.join(' and ')}`);
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new AppError('SEGMENT_MAP_INVALID', `${source}:\n- ${problems.join('\n- ')}`);
  }
  return rules;
}
