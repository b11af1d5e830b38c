import type { Catalogue, Item } from './catalogue.js';
import { COUNTRY_NAMES, CRUK_CUSTOMER_ID, type Customers } from './customers.js';
import type { Invoice, PurchaseHistory } from './invoice.js';
import type { Random } from './random.js';

/**
 * The real data's bookkeeping entries, each a one-line invoice: stock adjustments at price 0 (often without a
 * description), discounts ('D') and samples ('S') credited back, Amazon fees, CRUK commission, and — very rarely —
 * the 'A' invoices that write off a bad debt (stock code 'B', a negative unit price allowed). Also the per-line
 * prices of DOTCOM POSTAGE and Manual lines, which vary line by line.
 *
 * Probabilities are per invoice (of those not already an anonymous order or a cancellation); with ~21 rows per
 * invoice, bad debt comes out near 3 rows per 500,000.
 */
const P_ADJUSTMENT = 0.065;
const P_DISCOUNT = 0.004;
const P_SAMPLES = 0.0033;
const P_AMAZON = 0.0017;
const P_CRUK = 0.0008;
const P_BAD_DEBT = 0.00017;

/** What the warehouse wrote on a stock adjustment, when it wrote anything. */
const NOTES = [
  'damaged',
  'check',
  '?',
  'missing',
  'found',
  'wet damaged',
  'thrown away',
  'sold as set on dotcom',
  'adjustment',
  'Damaged',
  'smashed',
  'mixed up',
  'counted',
  'wrong code',
  'dotcom',
  'stock check',
  'crushed',
  'lost',
];

export class SpecialInvoices {
  private readonly crukCustomer: number;

  constructor(
    private readonly rng: Random,
    private readonly catalogue: Catalogue,
    private readonly customers: Customers,
    private readonly history: PurchaseHistory,
  ) {
    this.crukCustomer = customers.indexOf(CRUK_CUSTOMER_ID);
  }

  /** Fills the invoice with a bookkeeping entry and returns its invoice-number prefix, or null for none this time. */
  maybe(inv: Invoice): string | null {
    const rng = this.rng;
    let r = rng.next();
    if ((r -= P_ADJUSTMENT) < 0) {
      this.anonymousUk(inv);
      const product = this.catalogue.products[rng.int(this.catalogue.products.length)]!;
      const description = rng.chance(0.7) ? null : rng.pick(NOTES);
      const qty = rng.chance(0.75) ? -rng.between(1, 60) : rng.between(1, 200);
      inv.add(adHoc(product.list.stockCode, description, 0), qty);
      return '';
    }
    if ((r -= P_DISCOUNT) < 0) {
      // A discount goes to a customer with orders on the books.
      let customer = this.customers.pick(rng);
      for (let tries = 0; tries < 6 && !this.history.has(customer); tries++)
        customer = this.customers.pick(rng);
      if (!this.history.has(customer)) return null;
      inv.customerId = this.customers.ids[customer]!;
      inv.country = COUNTRY_NAMES[this.customers.country[customer]!]!;
      inv.add(adHoc('D', 'Discount', pounds(rng.logNormal(20, 0.8))), -1);
      return 'C';
    }
    if ((r -= P_SAMPLES) < 0) {
      this.anonymousUk(inv);
      inv.add(adHoc('S', 'SAMPLES', pounds(rng.logNormal(30, 1))), -1);
      return 'C';
    }
    if ((r -= P_AMAZON) < 0) {
      this.anonymousUk(inv);
      const credit = rng.chance(0.85);
      inv.add(
        adHoc('AMAZONFEE', 'AMAZON FEE', pounds(Math.min(17000, rng.logNormal(3000, 0.8)))),
        credit ? -1 : 1,
      );
      return credit ? 'C' : '';
    }
    if ((r -= P_CRUK) < 0) {
      inv.customerId = CRUK_CUSTOMER_ID;
      inv.country = COUNTRY_NAMES[this.customers.country[this.crukCustomer]!]!;
      inv.add(adHoc('CRUK', 'CRUK Commission', pounds(rng.logNormal(150, 0.8))), -1);
      return 'C';
    }
    if ((r -= P_BAD_DEBT) < 0) {
      this.anonymousUk(inv);
      const amount = pounds(Math.min(20000, rng.logNormal(8000, 0.5)));
      inv.add(adHoc('B', 'Adjust bad debt', rng.chance(0.67) ? -amount : amount), 1);
      return 'A';
    }
    return null;
  }

  /** A 'Manual' line: a price keyed in by hand. */
  manual(): Item {
    return adHoc('M', 'Manual', pounds(Math.min(4000, this.rng.logNormal(3, 1.6))));
  }

  /** Web-shop postage, charged per order by weight and destination. */
  dotcomPostage(): Item {
    return adHoc('DOT', 'DOTCOM POSTAGE', pounds(Math.min(2000, this.rng.logNormal(40, 1.1))));
  }

  private anonymousUk(inv: Invoice): void {
    inv.customerId = null;
    inv.country = 'United Kingdom';
  }
}

function adHoc(stockCode: string, description: string | null, unitPrice: number): Item {
  return { id: -1, stockCode, description, unitPrice };
}

/** A money amount rounded to pence (and at least a penny), printed as the real float4 column prints it. */
function pounds(x: number): number {
  return Math.max(1, Math.round(x * 100)) / 100;
}
