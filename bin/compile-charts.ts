#!/usr/bin/env node
// Build step (`npm run build`, after tsc): compiles the chart templates to Vega into templates/charts/compiled/, so
// a render needs neither Vega-Lite nor a compile (core/render/charts/compiled-charts.ts). Warnings are printed and
// do not fail the build; the templates test fails on them.
import path from 'node:path';
import { collectingLogger } from '../core/render/charts/draw-chart.js';
import { writeCompiledCharts } from '../core/render/charts/write-compiled-charts.js';
import { projectRoot } from '../core/paths.js';

const { written, removed } = await writeCompiledCharts(undefined, (file) =>
  collectingLogger((message) => process.stderr.write(`warning: ${file}: ${message}\n`)),
);
const show = (files: string[]) => files.map((f) => path.relative(projectRoot, f)).join(', ');
if (written.length > 0) console.log(`compiled charts: wrote ${show(written)}`);
if (removed.length > 0) console.log(`compiled charts: removed ${show(removed)}`);
