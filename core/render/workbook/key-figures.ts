import type { Marts } from '../../analytics/marts.js';
import { sumMoney, sum } from './values.js';

/** The headline numbers of the Overview, each taken from (or added up over) one mart so it matches that sheet. */
export interface KeyFigures {
  /** Monthly sales: orders placed, cancelled goods, the difference. */
  grossSales: number;
  cancelledSales: number;
  netSales: number;
  orders: number;
  /** Placed orders' mean and median amount (invoice amounts, view 1), null without orders. */
  averageOrder: number | null;
  medianOrder: number | null;
  /** RFM customers, their spending, and the share of them with two or more orders. */
  customers: number;
  customerSales: number;
  repeatCustomerShare: number | null;
  countries: number;
}

export function keyFigures(marts: Marts): KeyFigures {
  const customers = marts.rfmCustomers.length;
  // Mart invoice_amounts numbers its views: 1 is the placed orders.
  const orderAmounts = marts.invoiceAmounts.find((view) => view.ord === 1);
  return {
    grossSales: sumMoney(marts.monthly.map((m) => m.gross_sales)),
    cancelledSales: sumMoney(marts.monthly.map((m) => m.cancelled_sales)),
    netSales: sumMoney(marts.monthly.map((m) => m.net_sales)),
    orders: sum(marts.monthly.map((m) => m.placed_orders)),
    averageOrder: orderAmounts?.mean ?? null,
    medianOrder: orderAmounts?.median ?? null,
    customers,
    customerSales: sumMoney(marts.rfmCustomers.map((c) => c.monetary)),
    repeatCustomerShare:
      customers === 0 ? null : marts.rfmCustomers.filter((c) => c.frequency > 1).length / customers,
    countries: marts.countries.length,
  };
}
