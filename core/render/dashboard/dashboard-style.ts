/** The dashboard's look: plain, readable on a laptop or a projector, printable (charts do not split across pages). */
export const DASHBOARD_CSS = `
:root { --ink: #1f2933; --muted: #52606d; --line: #e4e7eb; --accent: #2a6fb0; --warn-bg: #fff4e5; --warn: #8a4b08; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Verdana, sans-serif;
  color: var(--ink); background: #f5f7fa; line-height: 1.45; }
main { max-width: 1060px; margin: 0 auto; padding: 0 20px 48px; }
header.top { background: #ffffff; border-bottom: 1px solid var(--line); margin-bottom: 20px; }
header.top .inner { max-width: 1060px; margin: 0 auto; padding: 20px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-top: 8px; border-top: 2px solid var(--line); }
.meta { color: var(--muted); margin: 0; font-size: 14px; }
.meta b { color: var(--ink); }
nav.toc { margin-top: 12px; font-size: 14px; }
nav.toc a { color: var(--accent); margin-right: 16px; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.notices { background: var(--warn-bg); border: 1px solid #f0b66d; border-left: 6px solid #e07b39; border-radius: 6px;
  padding: 12px 16px; margin: 0 0 20px; color: var(--warn); }
.notices h2 { border: 0; margin: 0 0 6px; padding: 0; font-size: 17px; color: var(--warn); }
.notices ul { margin: 0; padding-left: 20px; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; }
.figure { background: #ffffff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.figure .label { color: var(--muted); font-size: 13px; }
.figure .value { font-size: 26px; font-weight: 700; margin: 2px 0; }
.figure .note { color: var(--muted); font-size: 12px; }
figure.chart { background: #ffffff; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 16px; padding: 8px;
  overflow-x: auto; break-inside: avoid; }
.chart-error { color: #9e2a2b; padding: 12px; }
.filter-bar { position: sticky; top: 0; z-index: 5; background: #f5f7fa; padding: 10px 0; display: flex; gap: 16px;
  align-items: center; flex-wrap: wrap; }
.filter-bar select { font-size: 15px; padding: 4px 8px; }
.filter-bar .hint { color: var(--muted); font-size: 13px; }
.segment-card { background: #ffffff; border: 1px solid var(--line); border-left: 6px solid var(--accent); border-radius: 6px;
  padding: 10px 14px; margin-bottom: 16px; }
.segment-card[hidden] { display: none; }
table { border-collapse: collapse; width: 100%; background: #ffffff; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef2f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.dim { opacity: 0.35; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.table-tools { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.table-tools button { font-size: 14px; padding: 4px 10px; cursor: pointer; }
.table-scroll { overflow-x: auto; }
footer { color: var(--muted); font-size: 13px; margin-top: 40px; border-top: 1px solid var(--line); padding-top: 12px; }
footer code { word-break: break-all; }
@media print { .filter-bar, .table-tools, nav.toc { display: none; } body { background: #ffffff; } }
`;
