import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, scriptSafe } from '../../../../core/render/dashboard/html-text.js';

describe('html text', () => {
  it('escapes markup characters for text and attributes', () => {
    expect(escapeHtml(`<b a="1">Tom & Jerry's</b>`)).toBe(
      '&lt;b a=&quot;1&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;',
    );
  });

  it('writes JSON no script element can be closed or commented out by, which parses back unchanged', () => {
    const value = { text: '</script><!-- & --> \u2028\u2029', n: [1, 2.5, null] };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/<\/script|<!--|[<>&\u2028\u2029]/i);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('neutralises "</script" and "<!--" inside library code without changing what the code means', () => {
    const code = 'var a = "</script>", b = "<!--x", c = "</SCRIPT >";';
    const safe = scriptSafe(code);
    expect(safe).not.toMatch(/<\/script|<!--/i);
    const run = (js: string) => runInNewContext(`${js}; [a, b, c]`) as string[];
    expect(run(safe)).toEqual(run(code));
  });
});
