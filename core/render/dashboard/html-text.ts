/**
 * Text into HTML, safely: every value from the data (file names, notices, segment texts) goes through escapeHtml,
 * and everything inlined into a <script> goes through scriptSafe/jsonForScript, so no data can end the script early
 * or open an HTML comment in it.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON that is also safe inside <script type="application/json">: `<`, `>` and `&` become \u escapes (so neither
 * "</script" nor "<!--" can appear), as do U+2028/U+2029. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A library's JavaScript made safe to inline: "</script" and "<!--" can only occur inside its strings, regular
 * expressions or comments, where "<\/" and "<\!" mean the same characters.
 */
export function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
