/** Figures as a marketer reads them: £9,573,425 or £9.57m, 19,773, 14.6 %. No locale data involved. */

export function formatCount(n: number): string {
  return groupThousands(Math.round(n));
}

export function formatGbp(n: number, decimals = 0): string {
  const sign = n < 0 ? '−' : '';
  const fixed = Math.abs(n).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  return `${sign}£${groupThousands(Number(whole))}${fraction ? `.${fraction}` : ''}`;
}

/** £9.57m, £284k, £950: three significant figures from a thousand up. */
export function formatGbpShort(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 ? '−' : '';
  if (abs >= 1e9) return `${sign}£${threeFigures(abs / 1e9)}bn`;
  if (abs >= 1e6) return `${sign}£${threeFigures(abs / 1e6)}m`;
  if (abs >= 1e3) return `${sign}£${threeFigures(abs / 1e3)}k`;
  return `${sign}£${Math.round(abs)}`;
}

export function formatPct(pct: number | null, decimals = 1): string {
  return pct === null ? '–' : `${pct.toFixed(decimals)}%`;
}

function threeFigures(x: number): string {
  return x >= 100
    ? x.toFixed(0)
    : x >= 10
      ? x.toFixed(1).replace(/\.0$/, '')
      : x.toFixed(2).replace(/\.?0+$/, '');
}

function groupThousands(n: number): string {
  const digits = String(Math.abs(n));
  return (n < 0 ? '−' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
