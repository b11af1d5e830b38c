/**
 * Plain-words warnings a report carries on its first page (workbook Overview, dashboard header, manifest). They are
 * worded for LGS's marketing team, not for developers.
 */
export function reportNotices(facts: {
  asOf: string;
  dataThrough: string | null;
  rowsRejected: number;
}): string[] {
  const notices: string[] = [];
  if (facts.dataThrough !== null && monthsBetween(facts.dataThrough, facts.asOf) >= 1) {
    notices.push(
      `The newest sale in the data is from ${ukDate(facts.dataThrough)}, more than a month before this report's ` +
        `date (${ukDate(facts.asOf)}). Recent weeks are missing: figures such as recency make customers look ` +
        `less active than they may be. Ask IT for a newer export.`,
    );
  }
  if (facts.rowsRejected > 0) {
    notices.push(
      `${facts.rowsRejected.toLocaleString('en-GB')} rows of the uploaded file could not be read and were left ` +
        `out (see the About sheet).`,
    );
  }
  return notices;
}

/** Whole calendar months from one YYYY-MM-DD date to a later one (9 Dec → 10 Jan is 1). */
function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

function ukDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
