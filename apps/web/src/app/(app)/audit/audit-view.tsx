"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { auditActions, auditSubjectKinds, type AuditAction, type AuditEntryDTO, type AuditFilterInput, type AuditSubjectKind } from "@tillsync/validators";
import { Download } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { DataAsOf } from "~/components/app/data-as-of";
import { DateRangePicker } from "~/components/app/date-range-picker";
import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { Button } from "~/components/ui/button";
import { NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { messageOf } from "~/lib/api-error";
import { downloadCsvText } from "~/lib/csv";
import { dateParam } from "~/lib/dates";
import { formatInstant, formatMoney, formatQuantity } from "~/lib/format";
import { useAddressParams } from "~/lib/use-address-params";
import { useTRPC, useTRPCClient } from "~/trpc/react";

/** What each action is called on the page (validators auditActions). */
export const actionLabels: Record<AuditAction, string> = {
  "product.created": "Product added",
  "product.edited": "Product edited",
  "product.priceChanged": "Price changed",
  "product.reorderLevelChanged": "Reorder level changed",
  "product.archived": "Product archived",
  "product.restored": "Product brought back",
  "stock.restocked": "Stock received",
  "stock.counted": "Stock counted",
  "alert.acknowledged": "Alert acknowledged",
  "sale.refunded": "Refund",
  "sale.reversed": "Sale reversed",
  "sale.discarded": "Rejected sale discarded",
  "staff.invited": "Staff invited",
  "staff.joined": "Joined the staff",
  "staff.roleChanged": "Role changed",
  "staff.removed": "Staff removed",
  "apiKey.created": "API key created",
  "apiKey.revoked": "API key revoked",
  "shop.settingsChanged": "Settings changed",
  "till.created": "Till added",
  "till.edited": "Till edited",
  "till.keyBound": "Till's device key changed",
  "till.claimed": "Till opened on a new device",
  "till.archived": "Till archived",
  "till.restored": "Till brought back",
  "review.marked": "Marked reviewed",
};

const subjectLabels: Record<AuditSubjectKind, string> = {
  product: "Product",
  alert: "Alert",
  sale: "Sale",
  discardedSale: "Discarded sale",
  drawerEvent: "Drawer event",
  staffMember: "Staff member",
  staffInvite: "Invitation",
  apiKey: "API key",
  shop: "Shop",
  till: "Till",
};

const roleLabels: Record<string, string> = { owner: "Owner", manager: "Manager", cashier: "Cashier", device: "Till key" };

const isAction = (value: string | null): value is AuditAction => auditActions.includes(value as AuditAction);
const isSubject = (value: string | null): value is AuditSubjectKind => auditSubjectKinds.includes(value as AuditSubjectKind);

/** "user:<id>" or "key:<id>" in the address (?who=) → the API's actor filter. */
function actorFilter(who: string): Pick<AuditFilterInput, "actorUserId" | "actorApiKeyId"> {
  if (who.startsWith("user:") && who.length > 5) return { actorUserId: who.slice(5) };
  const keyId = Number(who.slice(4));
  if (who.startsWith("key:") && Number.isSafeInteger(keyId) && keyId > 0) return { actorApiKeyId: keyId };
  return {};
}

const actorKey = (entry: AuditEntryDTO) =>
  entry.actor.userId !== null ? `user:${entry.actor.userId}` : entry.actor.apiKeyId !== null ? `key:${entry.actor.apiKeyId}` : "";

/** Who did it, in staff words: "Olga (Owner)", "pos-02 (Till key)", "Command line". */
function actorLabel(entry: AuditEntryDTO) {
  if (entry.actor.kind === "operator") return "Command line (operator)";
  const name = entry.actor.name ?? (entry.actor.kind === "user" ? "Former staff member" : `API key ${entry.actor.apiKeyId}`);
  const role = entry.actor.role ? (roleLabels[entry.actor.role] ?? entry.actor.role) : null;
  return role ? `${name} (${role})` : name;
}

/** Field names of before/after (packages/db recordAudit calls) in staff words; others are spelled out from their camelCase. */
const fieldLabels: Record<string, string> = {
  unitPrice: "Price",
  isVolatile: "Sold by weight",
  reorderLevel: "Reorder level",
  sku: "SKU",
  apiKeyId: "Device key",
  paperWidth: "Receipt paper (mm)",
  printReceipt: "Print a receipt after each sale",
  archivedAt: "Archived",
  revokedAt: "Revoked",
  acknowledgedAt: "Acknowledged",
  reversalSaleId: "Reversal sale",
  saleExternalId: "Sale id (at the till)",
  rejectionCode: "Why it was rejected",
  cashRounding: "Cash rounding",
  payoutReviewAbove: "Pay-outs need review above",
  timezone: "Time zone",
  tookOverFromAnotherBrowser: "Taken from another device",
  invitation: "Invitation",
  tillRetentionDays: "Days a till keeps sent sales",
};
const fieldLabel = (field: string) =>
  fieldLabels[field] ??
  field
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/^./, (first) => first.toUpperCase());

/** Fields holding an amount of money or a quantity, shown as the rest of the app shows them. */
const MONEY_FIELDS = new Set(["unitPrice", "total", "amount", "payoutReviewAbove"]);
const QUANTITY_FIELDS = new Set(["stock", "reorderLevel", "quantity", "initialStock"]);

/** A value of before/after as text: null is "none", yes/no, money and quantities as elsewhere, an instant in the shop's zone, lists and objects as JSON. */
function valueText(field: string, value: unknown, shop: { currency: string; timezone: string }) {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) {
    if (MONEY_FIELDS.has(field)) return formatMoney(value, shop.currency);
    if (QUANTITY_FIELDS.has(field)) return formatQuantity(value);
  }
  if (typeof value === "string" && field.endsWith("At") && !Number.isNaN(Date.parse(value))) return formatInstant(new Date(value), shop.timezone);
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** One line per field: before → after (a creation shows only the new values, a removal only the old). */
function Change({ entry, shop }: { entry: AuditEntryDTO; shop: { currency: string; timezone: string } }) {
  const fields = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
  if (fields.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
      {fields.map((field) => (
        <div key={field} className="contents">
          <dt className="text-muted-foreground">{fieldLabel(field)}</dt>
          <dd className="break-all">
            {entry.before && field in entry.before ? (
              <span className="text-muted-foreground line-through">{valueText(field, entry.before[field], shop)}</span>
            ) : null}
            {entry.before && field in entry.before && entry.after && field in entry.after ? " → " : null}
            {entry.after && field in entry.after ? <span>{valueText(field, entry.after[field], shop)}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The activity log (issue 19, docs/security.md "Audit log"): who changed what, when, before →
 * after, newest first, for owners and managers. Filters live in the address (?from=&to=&who=&
 * action=&subject=); "Export CSV" downloads every matching entry as the server writes it.
 */
export function AuditView() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { shop, principal } = useShop();
  const [params, setFilters] = useAddressParams<"from" | "to" | "who" | "action" | "subject">();
  const from = dateParam(params.get("from")) ?? "";
  const to = dateParam(params.get("to")) ?? "";
  const who = params.get("who") ?? "";
  const actionParam = params.get("action");
  const action = isAction(actionParam) ? actionParam : undefined;
  const subjectParam = params.get("subject");
  const subjectKind = isSubject(subjectParam) ? subjectParam : undefined;
  const rangeInvalid = from !== "" && to !== "" && from > to;
  const filters: AuditFilterInput = { ...actorFilter(who), action, subjectKind, from: from || undefined, to: to || undefined };
  const filtered = from !== "" || to !== "" || who !== "" || action !== undefined || subjectKind !== undefined;
  const [exporting, setExporting] = useState(false);

  const entries = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: (previous) => previous },
    ),
    enabled: !rangeInvalid,
  });
  const rows = useMemo(() => entries.data?.pages.flatMap((page) => page.items) ?? [], [entries.data]);

  // Who can be picked: owners see every staff member and key; a manager sees those in the entries loaded.
  const isOwner = principal.role === "owner";
  const staff = useQuery({ ...trpc.staff.list.queryOptions(), enabled: isOwner });
  const keys = useQuery({ ...trpc.apiKey.list.queryOptions(), enabled: isOwner });
  const people = useMemo(() => {
    const options = new Map<string, string>();
    for (const member of staff.data?.members ?? []) options.set(`user:${member.userId}`, member.name);
    for (const key of keys.data ?? []) options.set(`key:${key.id}`, `${key.name} (API key)`);
    for (const entry of rows) if (actorKey(entry) && !options.has(actorKey(entry))) options.set(actorKey(entry), actorLabel(entry));
    return [...options].sort((a, b) => a[1].localeCompare(b[1]));
  }, [staff.data, keys.data, rows]);

  async function exportCsv() {
    setExporting(true);
    try {
      const file = await client.audit.exportCsv.query(filters);
      downloadCsvText(file.filename, file.csv);
      if (file.truncated) toast.warning(`Only the newest ${file.rows} entries were exported: pick a shorter date range for the rest.`);
    } catch (error) {
      toast.error(`Could not export: ${messageOf(error)}`);
    } finally {
      setExporting(false);
    }
  }

  return (
    <>
      <PageHeader
        title="Activity log"
        description={`Who changed what, and when: prices, stock, staff, keys, settings, tills, refunds and reviews. Nothing here can be edited or deleted. Times are in the shop’s time zone (${shop.timezone}).`}
        actions={
          <Button variant="outline" onClick={() => void exportCsv()} disabled={exporting || rangeInvalid}>
            <Download /> {exporting ? "Exporting…" : "Export CSV"}
          </Button>
        }
      />
      <DataAsOf freshness={entries.data?.pages.map((page) => page.freshness) ?? []} />
      <div className="mb-4 grid grid-cols-2 gap-3 rounded-xl border bg-card p-4 md:grid-cols-3 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]">
        <DateRangePicker
          value={{ startDate: from, endDate: to }}
          onChange={(range) => setFilters({ from: range.startDate || undefined, to: range.endDate || undefined })}
          timeZone={shop.timezone}
          openEnded
          idPrefix="audit-"
          invalid={rangeInvalid}
        />
        <div className="grid gap-1.5">
          <Label htmlFor="audit-who">Who</Label>
          <NativeSelect id="audit-who" value={who} onChange={(e) => setFilters({ who: e.target.value })}>
            <option value="">Everyone</option>
            {people.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-action">What</Label>
          <NativeSelect id="audit-action" value={action ?? ""} onChange={(e) => setFilters({ action: e.target.value })}>
            <option value="">Any change</option>
            {auditActions.map((value) => (
              <option key={value} value={value}>
                {actionLabels[value]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-subject">About</Label>
          <NativeSelect id="audit-subject" value={subjectKind ?? ""} onChange={(e) => setFilters({ subject: e.target.value })}>
            <option value="">Anything</option>
            {auditSubjectKinds.map((value) => (
              <option key={value} value={value}>
                {subjectLabels[value]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex items-end">
          <Button
            variant="outline"
            className="w-full"
            onClick={() => setFilters({ from: undefined, to: undefined, who: undefined, action: undefined, subject: undefined })}
            disabled={!filtered}
          >
            Clear filters
          </Button>
        </div>
        {rangeInvalid ? <p className="col-span-full text-sm text-destructive">“From” must not be after “To”.</p> : null}
      </div>
      {entries.isPending && !rangeInvalid ? (
        <LoadingRows />
      ) : entries.isError ? (
        <QueryError error={entries.error} retry={() => void entries.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "Nothing matches these filters" : "Nothing recorded yet"}>
          {filtered ? null : "Changes to products, stock, staff, keys, settings and tills appear here as they are made."}
        </EmptyState>
      ) : (
        <>
          <ul className="grid gap-3" aria-label="Activity">
            {rows.map((entry) => (
              <li key={entry.id} className="grid gap-2 rounded-xl border bg-card p-4 md:grid-cols-[12rem_1fr_1fr]" data-testid="audit-entry">
                <div className="grid content-start gap-0.5">
                  <span className="font-medium">{actionLabels[entry.action]}</span>
                  <time className="text-sm text-muted-foreground" dateTime={entry.at.toISOString()}>
                    {formatInstant(entry.at, shop.timezone, "d MMM yyyy, HH:mm:ss")}
                  </time>
                </div>
                <div className="grid content-start gap-0.5 text-sm">
                  <span>{actorLabel(entry)}</span>
                  <span className="text-muted-foreground">
                    {subjectLabels[entry.subject.kind]} {entry.subject.kind === "staffMember" ? "" : `#${entry.subject.id}`}
                  </span>
                </div>
                <Change entry={entry} shop={shop} />
              </li>
            ))}
          </ul>
          {entries.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="outline" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
                {entries.isFetchingNextPage ? "Loading…" : "Show older entries"}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
