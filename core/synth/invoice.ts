import type { Item } from './catalogue.js';

/** More lines than any invoice has (the largest anonymous web orders run to a few hundred). */
export const MAX_LINES = 640;

/**
 * One invoice as the model hands it to a writer: shared header fields and its lines. A single instance is reused
 * for every invoice, so generating costs no allocation per row.
 */
export class Invoice {
  invoiceNo = '';
  /** 'YYYY-MM-DD HH:MM:SS' */
  timestamp = '';
  customerId: number | null = null;
  country = '';
  length = 0;
  readonly items: Item[] = [];
  readonly quantities = new Int32Array(MAX_LINES);

  reset(): void {
    this.length = 0;
  }

  add(item: Item, quantity: number): void {
    this.items[this.length] = item;
    this.quantities[this.length] = quantity;
    this.length++;
  }

  get full(): boolean {
    return this.length >= MAX_LINES;
  }
}

/**
 * What each customer bought lately (a ring of the last few lines per account), so cancellations can take back
 * goods the customer actually ordered. Fixed size: a few entries per customer whatever the number of rows.
 */
export class PurchaseHistory {
  static readonly DEPTH = 8;
  private readonly item: Int32Array;
  private readonly quantity: Int32Array;
  private readonly head: Uint8Array;

  constructor(customers: number) {
    this.item = new Int32Array(customers * PurchaseHistory.DEPTH).fill(-1);
    this.quantity = new Int32Array(customers * PurchaseHistory.DEPTH);
    this.head = new Uint8Array(customers);
  }

  record(customer: number, itemId: number, quantity: number): void {
    const h = this.head[customer]!;
    const slot = customer * PurchaseHistory.DEPTH + h;
    this.item[slot] = itemId;
    this.quantity[slot] = quantity;
    this.head[customer] = (h + 1) % PurchaseHistory.DEPTH;
  }

  /**
   * Up to `max` distinct past lines of a customer, starting from a given ring position; each is taken out of the
   * history so it is not cancelled twice. Calls `take(itemId, quantity)` for each; returns how many.
   */
  takeBack(
    customer: number,
    start: number,
    max: number,
    take: (itemId: number, quantity: number) => void,
  ): number {
    let n = 0;
    for (let k = 0; k < PurchaseHistory.DEPTH && n < max; k++) {
      const slot = customer * PurchaseHistory.DEPTH + ((start + k) % PurchaseHistory.DEPTH);
      const itemId = this.item[slot]!;
      if (itemId < 0) continue;
      take(itemId, this.quantity[slot]!);
      this.item[slot] = -1;
      n++;
    }
    return n;
  }

  has(customer: number): boolean {
    for (let k = 0; k < PurchaseHistory.DEPTH; k++)
      if (this.item[customer * PurchaseHistory.DEPTH + k]! >= 0) return true;
    return false;
  }
}
