import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { templatesDir } from '../paths.js';

/** The configurable parts of the cleaning rules (templates/cleaning-rules.json). */
export interface CleaningRules {
  nonProductCodes: string[];
  nonProductPrefixes: string[];
  extremeLineValue: number;
  extremeQuantity: number;
}

export const cleaningRulesFile = path.join(templatesDir, 'cleaning-rules.json');

export async function loadCleaningRules(file = cleaningRulesFile): Promise<CleaningRules> {
  const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const problems: string[] = [];
  const list = (key: string) => {
    const v = raw[key];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== '' && !x.includes('\n'))) {
      problems.push(`"${key}" must be a list of texts`);
      return [];
    }
    return v as string[];
  };
  const positive = (key: string) => {
    const v = raw[key];
    if (typeof v !== 'number' || !(v > 0)) problems.push(`"${key}" must be a positive number`);
    return Number(v);
  };
  const rules: CleaningRules = {
    nonProductCodes: list('non_product_codes').map((c) => c.toUpperCase()),
    nonProductPrefixes: list('non_product_prefixes').map((c) => c.toUpperCase()),
    extremeLineValue: positive('extreme_line_value'),
    extremeQuantity: positive('extreme_quantity'),
  };
  if (problems.length > 0)
    throw new AppError('CLEANING_RULES_INVALID', `${file}:\n- ${problems.join('\n- ')}`);
  return rules;
}
