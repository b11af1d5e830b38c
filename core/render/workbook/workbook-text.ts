import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors.js';
import { templatesDir } from '../../paths.js';

export const workbookTextFile = path.join(templatesDir, 'workbook-text.json');

// The shape of templates/workbook-text.json, written once: the type is derived from it and the loader checks a file
// against it, so a key an analyst deletes or misspells is reported by name instead of showing up as a blank cell.
const T = 'text';
type Words<S extends string> = S extends `${infer A} ${infer B}` ? A | Words<B> : S;
/** texts('a b') is { a: T, b: T }: keeps the shape below to one line per group of keys. */
const texts = <S extends string>(keys: S) =>
  Object.fromEntries(keys.split(' ').map((k) => [k, T])) as Record<Words<S>, typeof T>;
const label = texts('label note');
const entry = texts('term text');
const SHAPE = {
  ...texts('reportTitle footer notAvailable chartsHeading'),
  overview: {
    ...texts('sheet title intro noticesHeading figuresHeading figureColumn valueColumn meaningColumn'),
    ...{ asOf: label, dataFrom: label, dataThrough: label, grossSales: label, cancelledSales: label },
    ...{ netSales: label, orders: label, averageOrder: label, medianOrder: label, customers: label },
    ...{ repeatCustomers: label, customerSales: label, countries: label },
  },
  segments: {
    ...texts('sheet title intro total'),
    columns: {
      ...texts('segment description action customers customerShare revenue revenueShare recencyMean'),
      ...texts('recencyMedian frequencyMean frequencyMedian monetaryMean monetaryMedian'),
    },
  },
  customers: {
    ...texts('sheet title intro'),
    columns: {
      ...texts('customerId country firstPurchase lastPurchase recency frequency'),
      ...texts('monetary rScore fScore mScore rfmScore segment'),
    },
  },
  monthly: {
    ...texts('sheet title intro partial total'),
    columns: {
      ...texts('month note placedOrders cancelledOrders cancellationRate grossSales cancelledSales netSales'),
      ...texts('netSalesGrowth ordersGrowth activeCustomers newCustomers existingCustomers'),
    },
  },
  cohorts: {
    ...texts('sheet title intro retainedHeading customersHeading cohortColumn sizeColumn'),
    ...texts('monthsAfter sameMonth monthN partialNote'),
  },
  countries: {
    ...texts('sheet title intro total'),
    columns: texts('rank country customers orders revenue revenueShare averageOrder'),
  },
  topProducts: {
    ...texts('sheet title intro'),
    columns: texts(
      'revenueRank customersRank stockCode description units revenue cancelled netRevenue customers orderLines',
    ),
  },
  orderValues: {
    ...texts('sheet title intro lowerFence upperFence'),
    columns: texts('view invoices mean median mode min q1 q3 max'),
  },
  dataQuality: {
    ...texts(
      'sheet title intro settingsHeading nonProductCodes nonProductPrefixes extremeQuantity extremeLineValue',
    ),
    columns: texts('rule treatment rows rowsShare value'),
  },
  about: {
    ...texts(
      'sheet title intro runHeading asOf dataPeriod dataPeriodValue generatedAt runId scoring inputName',
    ),
    ...texts('inputSha256'),
    ...texts(
      'inputFormat rowsRead rowsLoaded rowsRejected definitionsHeading methodHeading termColumn meaningColumn',
    ),
    scoringNames: texts('ntile classic'),
    definitions: [entry],
    method: [entry],
  },
  charts: {
    overview: [T],
    segments: [T],
    monthly: [T],
    cohorts: [T],
    countries: [T],
    orderValues: [T],
  },
  segmentColours: [texts('segment colour')],
  otherSegmentColours: [T],
} as const;

type Texts<S> = S extends string
  ? string
  : S extends readonly (infer U)[]
    ? Texts<U>[]
    : { -readonly [K in keyof S]: Texts<S[K]> };

/** Every user-facing text of the workbook (see templates/workbook-text.json). */
export type WorkbookText = Texts<typeof SHAPE>;

export async function loadWorkbookText(file = workbookTextFile): Promise<WorkbookText> {
  return validateWorkbookText(JSON.parse(await readFile(file, 'utf8')), file);
}

/** Checks a parsed text file against the shape; names every missing or wrong entry. */
export function validateWorkbookText(raw: unknown, source = 'workbook text'): WorkbookText {
  const problems: string[] = [];
  check(SHAPE, raw, '', problems);
  const text = raw as WorkbookText;
  if (problems.length === 0) {
    const seen = new Set<string>();
    for (const key of sheetKeys) {
      const name = text[key].sheet;
      if (seen.has(name.toLowerCase())) problems.push(`${key}.sheet: "${name}" is the name of another sheet`);
      seen.add(name.toLowerCase());
      // An apostrophe would also need escaping wherever a formula names the sheet: simpler to refuse it.
      if (name.length > 31 || /[:\\/?*[\]']/.test(name)) {
        problems.push(
          `${key}.sheet: "${name}" is not a valid sheet name (31 characters at most, no : \\ / ? * [ ] ')`,
        );
      }
    }
    text.segmentColours.forEach(({ colour }, i) => {
      if (!isColour(colour))
        problems.push(`segmentColours[${i}].colour: "${colour}" is not a hex colour like A9D08E`);
    });
    text.otherSegmentColours.forEach((colour, i) => {
      if (!isColour(colour))
        problems.push(`otherSegmentColours[${i}]: "${colour}" is not a hex colour like A9D08E`);
    });
    if (text.otherSegmentColours.length === 0) problems.push('otherSegmentColours: give at least one colour');
  }
  if (problems.length > 0)
    throw new AppError('WORKBOOK_TEXT_INVALID', `${source}:\n- ${problems.join('\n- ')}`);
  return text;
}

const sheetKeys = [
  'overview',
  'segments',
  'customers',
  'monthly',
  'cohorts',
  'countries',
  'topProducts',
  'orderValues',
  'dataQuality',
  'about',
] as const;

const isColour = (s: string) => /^[0-9A-Fa-f]{6}$/.test(s);

function check(shape: unknown, value: unknown, at: string, problems: string[]): void {
  if (typeof shape === 'string') {
    if (typeof value !== 'string' || value.trim() === '')
      problems.push(`${at || 'text'}: must be a non-empty text`);
  } else if (Array.isArray(shape)) {
    if (!Array.isArray(value)) problems.push(`${at}: must be a list`);
    else value.forEach((item, i) => check(shape[0], item, `${at}[${i}]`, problems));
  } else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${at || 'file'}: must be an object`);
  } else {
    for (const [key, inner] of Object.entries(shape as object)) {
      check(inner, (value as Record<string, unknown>)[key], at ? `${at}.${key}` : key, problems);
    }
  }
}

/** Fills {name} placeholders; an unknown one is left as written, so a typo shows instead of vanishing. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : whole,
  );
}
