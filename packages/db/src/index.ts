export { createDatabase, DEFAULT_POOL_IDLE_SECONDS, type Database, type DatabaseOptions } from "./client";
export { DEFAULT_MAX_LAG_SECONDS, primaryReads, type ReadReplica, type ReplicaEvent, type ReportRead } from "./replica";
export { migrate, migrationsDir, pendingMigrations, readMigrations } from "./migrate";
export type { Actor, PrismaClient } from "./db";
export {
  databaseFailure,
  DomainError,
  isDatabaseUnavailable,
  isTransientDatabaseError,
  isUniqueViolation,
  UNIQUE,
  type DatabaseFailure,
  type DomainErrorDetails,
  type DomainErrorKind,
  type UniqueConstraint,
} from "./errors";
export { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey, type ApiKeyPrincipal } from "./api-key";
export {
  assertDatabaseTimeZone,
  createShop,
  dismissSetupChecklist,
  getShop,
  isValidTimeZone,
  setupChecklist,
  updateShop,
  type SetupChecklist,
  type ShopDTO,
} from "./shop";
export { createShopWithOwner } from "./staff/owner";
export { acceptStaffInvite, invitedAccount, inviteStaff } from "./staff/invite";
export { listStaff, removeStaff, setStaffRole, staffMembership } from "./staff/members";
export type { NewStaffUser } from "./staff/user";
export { recordSale, type RecordedSale } from "./sale/record";
export { syncSales } from "./sale/sync";
export { reverseSale } from "./sale/reverse";
export { getSale, listSales } from "./sale/queries";
export { discardRejectedSale, listDiscardedSales } from "./sale/discard";
export { archiveProduct, createProduct, getProduct, listProducts, updateProduct } from "./product/manage";
export { countProduct, listMovements, restockProduct } from "./product/stock";
export { productChanges } from "./product/changes";
export { acknowledgeAlert, listAlerts } from "./alert";
export { AUDIT_EXPORT_MAX, exportAudit, listAudit, recordAudit, type AuditRecord } from "./audit";
export { productAnalytics, salesSummary, tenderAnalytics } from "./analytics";
export * from "./till/index";
export * from "./drawer/index";
export * from "./refund/index";
export { countUnreviewed, getReviewItem, listReviewItems, markReviewed } from "./review/index";
