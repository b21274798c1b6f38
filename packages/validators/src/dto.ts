// What leaves the server. Money is a string with two decimals ("3.15"), quantities and
// stock with three ("0.500"); ids are numbers.

export interface SaleItemDTO {
  productId: number;
  productName: string;
  quantity: string;
  unitPrice: string;
  lineTotal: string;
}

export interface SaleDTO {
  id: number;
  externalId: string;
  kind: "sale" | "reversal";
  reversesSaleId: number | null;
  reversedBySaleId: number | null;
  reason: string | null;
  total: string;
  sourceDevice: string | null;
  deviceName: string | null;
  clientTimestamp: Date | null;
  occurredAt: Date;
  receivedAt: Date;
  clockAdjusted: boolean;
  items: SaleItemDTO[];
}

export interface ProductDTO {
  id: number;
  externalId: string | null;
  name: string;
  sku: string | null;
  isVolatile: boolean;
  unitPrice: string;
  stock: string | null;
  reorderLevel: string | null;
  archivedAt: Date | null;
}

export type MovementReason = "sale" | "restock" | "count" | "adjustment" | "reversal";

export interface StockMovementDTO {
  id: number;
  productId: number;
  delta: string;
  stockAfter: string;
  reason: MovementReason;
  saleId: number | null;
  note: string | null;
  createdAt: Date;
}

export interface LowStockAlertDTO {
  id: number;
  productId: number;
  productName: string;
  stockAtTrigger: string;
  reorderLevel: string;
  currentStock: string | null;
  saleId: number | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SyncStatus = "created" | "replayed" | "rejected";

export interface SyncResult {
  externalId: string | null;
  status: SyncStatus;
  saleId?: number;
  error?: { code: string; message: string };
}
