/**
 * TrueType glyph outlines (the glyf and loca tables) as SVG path data, for drawing text as paths (text-as-paths.ts).
 * Handles simple glyphs (quadratic contours with implied on-curve points) and composite glyphs (accented letters
 * are built from parts), in font units with y pointing down, as SVG wants it.
 */
interface Point {
  x: number;
  y: number;
  on: boolean;
}

export function glyphOutlineReader(font: Buffer, tables: Map<string, number>): (glyph: number) => string {
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  const maxp = tables.get('maxp');
  if (head === undefined || loca === undefined || glyf === undefined || maxp === undefined) {
    return () => ''; // not a TrueType-outline font: nothing to draw with
  }
  const longOffsets = font.readInt16BE(head + 50) === 1;
  const glyphCount = font.readUInt16BE(maxp + 4);
  const offsetOf = (glyph: number): number =>
    longOffsets ? font.readUInt32BE(loca + 4 * glyph) : 2 * font.readUInt16BE(loca + 2 * glyph);

  const contoursOf = (glyph: number, depth: number): Point[][] => {
    if (glyph >= glyphCount || depth > 8) return [];
    const start = offsetOf(glyph);
    if (offsetOf(glyph + 1) === start) return []; // an empty glyph, e.g. the space
    const at = glyf + start;
    const contourCount = font.readInt16BE(at);
    return contourCount >= 0
      ? simpleGlyph(font, at, contourCount)
      : compositeGlyph(font, at + 10, (g) => contoursOf(g, depth + 1));
  };

  const cache = new Map<number, string>();
  return (glyph) => {
    let d = cache.get(glyph);
    if (d === undefined) {
      d = contoursOf(glyph, 0).map(contourPath).join('');
      cache.set(glyph, d);
    }
    return d;
  };
}

function simpleGlyph(font: Buffer, at: number, contourCount: number): Point[][] {
  const ends: number[] = [];
  for (let i = 0; i < contourCount; i++) ends.push(font.readUInt16BE(at + 10 + 2 * i));
  const pointCount = (ends[contourCount - 1] ?? -1) + 1;
  let p = at + 10 + 2 * contourCount;
  p += 2 + font.readUInt16BE(p); // skip the hinting instructions
  const flags: number[] = [];
  while (flags.length < pointCount) {
    const flag = font[p++]!;
    flags.push(flag);
    if (flag & 0x08) for (let repeat = font[p++]!; repeat > 0; repeat--) flags.push(flag);
  }
  const read = (short: number, same: number): number[] => {
    const values: number[] = [];
    let v = 0;
    for (const flag of flags.slice(0, pointCount)) {
      if (flag & short) {
        v += flag & same ? font[p]! : -font[p]!;
        p += 1;
      } else if (!(flag & same)) {
        v += font.readInt16BE(p);
        p += 2;
      }
      values.push(v);
    }
    return values;
  };
  const xs = read(0x02, 0x10);
  const ys = read(0x04, 0x20);
  const contours: Point[][] = [];
  let first = 0;
  for (const end of ends) {
    const contour: Point[] = [];
    for (let i = first; i <= end; i++) contour.push({ x: xs[i]!, y: ys[i]!, on: (flags[i]! & 0x01) === 1 });
    contours.push(contour);
    first = end + 1;
  }
  return contours;
}

function compositeGlyph(font: Buffer, at: number, contoursOf: (glyph: number) => Point[][]): Point[][] {
  const contours: Point[][] = [];
  let p = at;
  for (;;) {
    const flags = font.readUInt16BE(p);
    const component = font.readUInt16BE(p + 2);
    p += 4;
    let dx = 0;
    let dy = 0;
    if (flags & 0x0001) {
      dx = font.readInt16BE(p);
      dy = font.readInt16BE(p + 2);
      p += 4;
    } else {
      dx = font.readInt8(p);
      dy = font.readInt8(p + 1);
      p += 2;
    }
    if (!(flags & 0x0002)) dx = dy = 0; // anchored by point numbers: rare, drawn unshifted
    let [a, b, c, d] = [1, 0, 0, 1];
    const f2dot14 = (o: number): number => font.readInt16BE(o) / 16384;
    if (flags & 0x0008) {
      a = d = f2dot14(p);
      p += 2;
    } else if (flags & 0x0040) {
      [a, d] = [f2dot14(p), f2dot14(p + 2)];
      p += 4;
    } else if (flags & 0x0080) {
      [a, b, c, d] = [f2dot14(p), f2dot14(p + 2), f2dot14(p + 4), f2dot14(p + 6)];
      p += 8;
    }
    for (const contour of contoursOf(component)) {
      contours.push(
        contour.map((pt) => ({ x: a * pt.x + c * pt.y + dx, y: b * pt.x + d * pt.y + dy, on: pt.on })),
      );
    }
    if (!(flags & 0x0020)) return contours;
  }
}

/** One closed contour as path data; off-curve points are quadratic controls, two in a row imply an on-curve midpoint. */
function contourPath(points: Point[]): string {
  if (points.length === 0) return '';
  const n = points.length;
  const startIndex = points.findIndex((pt) => pt.on);
  const mid = (p: Point, q: Point): Point => ({ x: (p.x + q.x) / 2, y: (p.y + q.y) / 2, on: true });
  const start = startIndex >= 0 ? points[startIndex]! : mid(points[0]!, points[1 % n]!);
  const from = startIndex >= 0 ? startIndex : 0;
  const xy = (pt: Point): string => `${num(pt.x)} ${num(-pt.y)}`;
  let d = `M${xy(start)}`;
  let control: Point | null = null;
  for (let k = 1; k <= n; k++) {
    const pt = k === n && startIndex >= 0 ? start : points[(from + k) % n]!;
    if (pt.on) {
      d += control ? `Q${xy(control)} ${xy(pt)}` : `L${xy(pt)}`;
      control = null;
    } else {
      if (control) d += `Q${xy(control)} ${xy(mid(control, pt))}`;
      control = pt;
    }
  }
  if (control) d += `Q${xy(control)} ${xy(start)}`;
  return `${d}Z`;
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
