import type { WorkbookText } from './workbook-text.js';

/**
 * A fill colour (ARGB) per segment name, the same on every sheet. Named in the text file, since analysts can rename
 * segments in the segment map; a segment it does not name takes the next spare colour, so a new segment still gets
 * a colour of its own.
 */
export function segmentColours(text: WorkbookText, segments: readonly string[]): Map<string, string> {
  const named = new Map(text.segmentColours.map((s) => [s.segment, s.colour.toUpperCase()]));
  const spare = text.otherSegmentColours;
  const colours = new Map<string, string>();
  let next = 0;
  for (const segment of segments) {
    if (colours.has(segment)) continue;
    const rgb = named.get(segment) ?? spare[next++ % spare.length]!;
    colours.set(segment, `FF${rgb.toUpperCase()}`);
  }
  return colours;
}
