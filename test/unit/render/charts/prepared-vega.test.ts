import type { Spec as VegaSpec } from 'vega';
import { describe, expect, it } from 'vitest';
import { CAPTION_SIGNAL, preparedVega, unfilledVega } from '../../../../core/render/charts/prepared-vega.js';

const compiled = (extra: Record<string, unknown>): VegaSpec => ({
  data: [{ name: 'rows' }, { name: 'fixed', values: [{ a: 1 }] }, { name: 'derived', source: 'rows' }],
  ...extra,
});

describe('unfilledVega', () => {
  it('leaves the named sources to be filled, and reads the caption from a signal after the subtitle lines', () => {
    const u = unfilledVega(compiled({ title: { text: 'T', subtitle: ['one', 'two "2"\u2028'] } }))!;
    expect(u.sources).toEqual(['rows']);
    expect(u.spec.title).toEqual({
      text: 'T',
      subtitle: { signal: `["one", "two \\"2\\"\\u2028", ${CAPTION_SIGNAL}]` },
    });
    expect(u.spec.signals).toContainEqual({ name: CAPTION_SIGNAL, value: '' });
    // The line separator is escaped: Vega's expression parser refuses it raw in a string.
    expect(preparedVega(compiled({ title: { text: 'T', subtitle: 'a\u2028b' } }))).not.toBeNull();
  });

  it('gives a plain title, or none, a subtitle of the caption alone', () => {
    expect(unfilledVega(compiled({ title: 'T' }))!.spec.title).toEqual({
      text: 'T',
      subtitle: { signal: `[${CAPTION_SIGNAL}]` },
    });
    expect(unfilledVega(compiled({}))!.spec.title).toEqual({
      text: '',
      subtitle: { signal: `[${CAPTION_SIGNAL}]` },
    });
  });

  it('leaves to the filled spec a chart it cannot draw so', () => {
    // Vega applies a format to values in the spec, never to rows given to a view.
    const formatted = { data: [{ name: 'rows', format: { parse: { v: 'number' } } }] } as VegaSpec;
    expect(unfilledVega(formatted)).toBeNull();
    expect(preparedVega(formatted)).toBeNull();
    expect(unfilledVega(compiled({ title: { text: 'T', subtitle: { signal: 'x' } } }))).toBeNull();
    expect(unfilledVega(compiled({ signals: [{ name: CAPTION_SIGNAL }] }))).toBeNull();
  });
});
