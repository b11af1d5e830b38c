import type { Marts } from '../../analytics/marts.js';
import type { SegmentRule } from '../../analytics/segment-map.js';
import { cohortChartRows } from './cohort-data.js';
import { topCountryRows } from './country-data.js';
import { monthlyChartRows } from './monthly-data.js';
import { orderValueBoxes } from './order-value-data.js';
import type { SegmentPalette } from './segment-colours.js';
import { rfGridCells, segmentChartRows } from './segment-data.js';

/** The marts the charts draw on: all but the top products, which only the workbook lists (and the build ranks last). */
export type ChartMarts = Omit<Marts, 'topProducts'>;

export interface ChartInput {
  marts: ChartMarts;
  palette: SegmentPalette;
  segmentRules: readonly SegmentRule[];
}

/** A chart: its file stem, its template in templates/charts/, and the rows for each named data source it declares. */
export interface ChartDefinition {
  name: string;
  template: string;
  datasets(input: ChartInput): Record<string, readonly object[]>;
}

/** Countries drawn one by one; the rest share one bar. */
export const TOP_COUNTRIES = 10;

/** Every chart of the report, in the order the dashboard and the workbook show them. */
export const chartCatalogue: readonly ChartDefinition[] = [
  {
    name: 'monthly-net-sales',
    template: 'monthly-net-sales.vl.json',
    datasets: ({ marts }) => ({ monthly: monthlyChartRows(marts.monthly) }),
  },
  {
    name: 'monthly-orders',
    template: 'monthly-orders.vl.json',
    datasets: ({ marts }) => ({ monthly: monthlyChartRows(marts.monthly) }),
  },
  {
    name: 'active-customers',
    template: 'active-customers.vl.json',
    datasets: ({ marts }) => ({ monthly: monthlyChartRows(marts.monthly) }),
  },
  {
    name: 'new-existing-customers',
    template: 'new-existing-customers.vl.json',
    datasets: ({ marts }) => ({ monthly: monthlyChartRows(marts.monthly) }),
  },
  {
    name: 'cohort-retention',
    template: 'cohort-retention.vl.json',
    datasets: ({ marts }) => ({ cohorts: cohortChartRows(marts.cohorts, marts.monthly) }),
  },
  {
    name: 'segments',
    template: 'segments.vl.json',
    datasets: ({ marts, palette }) => ({ segments: segmentChartRows(marts.rfmSegments, palette) }),
  },
  {
    name: 'segment-treemap',
    template: 'segment-treemap.vg.json',
    datasets: ({ marts, palette }) => ({ segments: segmentChartRows(marts.rfmSegments, palette) }),
  },
  {
    name: 'rf-grid',
    template: 'rf-grid.vl.json',
    datasets: ({ marts, palette, segmentRules }) => ({
      cells: rfGridCells(marts.rfmCustomers, segmentRules, palette),
    }),
  },
  {
    name: 'order-value-histogram',
    template: 'order-value-histogram.vl.json',
    datasets: ({ marts }) => ({ histogram: marts.invoiceHistogram, amounts: marts.invoiceAmounts }),
  },
  {
    name: 'order-value-boxplot',
    template: 'order-value-boxplot.vl.json',
    datasets: ({ marts }) => ({ boxes: orderValueBoxes(marts.invoiceAmounts) }),
  },
  {
    name: 'top-countries',
    template: 'top-countries.vl.json',
    datasets: ({ marts }) => ({ countries: topCountryRows(marts.countries, TOP_COUNTRIES) }),
  },
];
