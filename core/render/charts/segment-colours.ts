import type { ChartTheme } from './chart-templates.js';

/**
 * Each segment's colour, the same in every chart: from the theme by name; a segment the theme does not know (an
 * analyst may add one to segment-map.json) takes the next spare colour, in segment order, so it is still stable.
 */
export type SegmentPalette = ReadonlyMap<string, string>;

export function segmentPalette(
  theme: Pick<ChartTheme, 'segmentColors' | 'otherSegmentColors'>,
  segments: readonly string[],
): SegmentPalette {
  const palette = new Map<string, string>();
  let spare = 0;
  for (const segment of segments) {
    if (palette.has(segment)) continue;
    const known = Object.hasOwn(theme.segmentColors, segment) ? theme.segmentColors[segment] : undefined;
    const colour = known ?? theme.otherSegmentColors[spare++ % theme.otherSegmentColors.length];
    if (colour !== undefined) palette.set(segment, colour);
  }
  return palette;
}

/** A segment outside the palette (should not happen: the palette is built from the marts) still gets drawn. */
export function colourOf(palette: SegmentPalette, segment: string): string {
  return palette.get(segment) ?? '#9aa5b1';
}
