import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import {
  fill,
  loadWorkbookText,
  validateWorkbookText,
  workbookTextFile,
} from '../../../core/render/workbook/workbook-text.js';

const shipped = async () => JSON.parse(await readFile(workbookTextFile, 'utf8')) as Record<string, unknown>;

describe('the workbook text file', () => {
  it('shipped in templates/ is complete and valid', async () => {
    const text = await loadWorkbookText();
    expect(text.customers.sheet).toBe('Customers');
    expect(text.about.definitions.length).toBeGreaterThan(5);
  });

  it('names each missing or empty text by its path', async () => {
    const raw = await shipped();
    const customers = raw.customers as { columns: Record<string, unknown> };
    delete customers.columns.monetary;
    (raw.overview as Record<string, unknown>).title = '  ';
    (raw.about as { definitions: unknown[] }).definitions.push({ term: 'x' });
    const error = (() => {
      try {
        validateWorkbookText(raw, 'workbook-text.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('WORKBOOK_TEXT_INVALID');
    const message = (error as Error).message;
    expect(message).toContain('customers.columns.monetary: must be a non-empty text');
    expect(message).toContain('overview.title: must be a non-empty text');
    expect(message).toMatch(/about\.definitions\[\d+\]\.text: must be a non-empty text/);
  });

  it('refuses sheet names Excel refuses or two sheets share, and colours that are not hex', async () => {
    const raw = await shipped();
    (raw.monthly as Record<string, unknown>).sheet = 'Sales: by month';
    (raw.cohorts as Record<string, unknown>).sheet = 'x'.repeat(32);
    (raw.segmentColours as { colour: string }[])[0]!.colour = 'green';
    (raw.about as Record<string, unknown>).sheet = 'overview';
    expect(() => validateWorkbookText(raw)).toThrow(
      /monthly\.sheet: "Sales: by month" is not a valid sheet name/,
    );
    expect(() => validateWorkbookText(raw)).toThrow(/cohorts\.sheet/);
    expect(() => validateWorkbookText(raw)).toThrow(/segmentColours\[0\]\.colour: "green"/);
    expect(() => validateWorkbookText(raw)).toThrow(/about\.sheet: "overview" is the name of another sheet/);
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(fill('As of {asOf}: {customers} customers', { asOf: '9 Dec 2011', customers: '4,334' })).toBe(
      'As of 9 Dec 2011: 4,334 customers',
    );
    expect(fill('As of {asof}', { asOf: 'x' })).toBe('As of {asof}');
    expect(fill('{toString}', {})).toBe('{toString}');
  });
});
