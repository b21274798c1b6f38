import { exportAudit, listAudit } from "@tillsync/db";
import { auditFilterInput, auditListInput, type AuditEntryDTO } from "@tillsync/validators";
import { stringify } from "csv-stringify/sync";

import { fromStandby, managerProcedure, router } from "../trpc";

const CSV_COLUMNS = [
  "id",
  "at",
  "actor",
  "actor_name",
  "actor_role",
  "actor_user_id",
  "actor_api_key_id",
  "action",
  "subject_kind",
  "subject_id",
  "before",
  "after",
];

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first: "CSV injection",
 * OWASP) is prefixed with a quote, so a product or staff name cannot become one in Excel.
 */
const inert = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** The entries as CSV (RFC 4180 by csv-stringify): one row each, before/after as JSON text, times in ISO 8601 UTC. */
export function auditCsv(entries: AuditEntryDTO[]): string {
  return stringify(
    entries.map((entry) =>
      [
        String(entry.id),
        entry.at.toISOString(),
        entry.actor.kind,
        entry.actor.name ?? "",
        entry.actor.role ?? "",
        entry.actor.userId ?? "",
        entry.actor.apiKeyId === null ? "" : String(entry.actor.apiKeyId),
        entry.action,
        entry.subject.kind,
        entry.subject.id,
        entry.before === null ? "" : JSON.stringify(entry.before),
        entry.after === null ? "" : JSON.stringify(entry.after),
      ].map(inert),
    ),
    { header: true, columns: CSV_COLUMNS },
  );
}

/**
 * The audit log (issue 19, docs/security.md "Audit log"): who did what to what, when, before →
 * after. Owners, managers and manager keys read it; cashiers and device keys are refused (FORBIDDEN).
 * Read on the standby when there is one (DESIGN.md §10): a record of the past that nothing writes
 * after reading; the answers carry `freshness`.
 */
export const auditRouter = router({
  /** Newest first, filtered, keyset-paginated. */
  list: managerProcedure.input(auditListInput).query(({ ctx, input }) => fromStandby(ctx, (db) => listAudit(db, ctx.principal.shopId, input))),
  /** The filtered entries as one CSV file (at most AUDIT_EXPORT_MAX rows, newest first; `truncated` when there were more). */
  exportCsv: managerProcedure.input(auditFilterInput).query(({ ctx, input }) =>
    fromStandby(ctx, async (db) => {
      const { items, truncated } = await exportAudit(db, ctx.principal.shopId, input);
      return { filename: `tillsync-activity-${new Date().toISOString().slice(0, 10)}.csv`, csv: auditCsv(items), rows: items.length, truncated };
    }),
  ),
});
