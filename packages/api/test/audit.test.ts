// The audit log (issue 19, docs/security.md "Audit log"): every listed staff or key action
// writes exactly one entry, in the change's own transaction, with who (and their role), what,
// about what, and before → after; the table is append-only; cashiers and device keys cannot
// read it; no entry holds a secret.
import { randomUUID } from "node:crypto";

import { acceptStaffInvite, createApiKey, hashApiKey } from "@tillsync/db";
import { auditActions, type AuditAction, type AuditEntryDTO } from "@tillsync/validators";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import { callerFor, sale, shopWithStaff, useTestDatabase } from "./helpers";

const t = useTestDatabase();

/** Every entry of the shop as stored, oldest first (read around the API, straight from the table). */
async function storedEntries(shopId: number) {
  return t.db.prisma.$queryRaw<
    {
      id: bigint;
      action: string;
      subject_kind: string;
      subject_id: string;
      actor_role: string | null;
      actor_name: string | null;
      before: unknown;
      after: unknown;
    }[]
  >`SELECT id, action, subject_kind, subject_id, actor_role, actor_name, before, after FROM audit_entry WHERE shop_id = ${shopId} ORDER BY id`;
}

describe("audit log", () => {
  it("records each listed action exactly once, with who, what, the subject and before → after, and never a secret", async () => {
    const s = await shopWithStaff(t.db);
    const seen = new Set<string>();
    /** Runs one action and returns the one entry it wrote (failing if it wrote none or several). */
    const one = async <T>(action: AuditAction, run: () => Promise<T>) => {
      const before = (await storedEntries(s.shop.id)).length;
      const result = await run();
      const added = (await storedEntries(s.shop.id)).slice(before);
      expect(added.map((entry) => entry.action)).toEqual([action]);
      seen.add(action);
      return { entry: added[0]!, result };
    };
    // Set up by the helper: two invitations (by the owner), each accepted (by the invitee), and two keys (the operator's, no principal).
    const setup = await storedEntries(s.shop.id);
    expect(setup.map((entry) => [entry.action, entry.actor_name])).toEqual([
      ["staff.invited", "Olga Owner"],
      ["staff.joined", "Mia"],
      ["staff.invited", "Olga Owner"],
      ["staff.joined", "Carl"],
      ["apiKey.created", null],
      ["apiKey.created", null],
    ]);

    // Products and prices.
    const { entry: created, result: product } = await one("product.created", () =>
      s.manager.product.create({ name: "Oat milk", sku: "OAT-1", isVolatile: false, unitPrice: "1.90", initialStock: "2", reorderLevel: "1" }),
    );
    expect(created).toMatchObject({ subject_kind: "product", subject_id: String(product.id), actor_role: "manager", actor_name: "Mia", before: null });
    expect(created.after).toMatchObject({ name: "Oat milk", sku: "OAT-1", unitPrice: "1.90", reorderLevel: "1.000", stock: "2.000" });
    const { entry: priced } = await one("product.priceChanged", () => s.owner.product.update({ id: product.id, unitPrice: "2.10", name: "Oat milk 1 l" }));
    expect(priced).toMatchObject({
      actor_role: "owner",
      actor_name: "Olga Owner",
      before: { unitPrice: "1.90", name: "Oat milk" },
      after: { unitPrice: "2.10", name: "Oat milk 1 l" },
    });
    const { entry: level } = await one("product.reorderLevelChanged", () => s.manager.product.update({ id: product.id, reorderLevel: "5" }));
    expect(level).toMatchObject({ before: { reorderLevel: "1.000" }, after: { reorderLevel: "5.000" } });
    const { entry: renamed } = await one("product.edited", () => s.manager.product.update({ id: product.id, sku: "OAT-2" }));
    expect(renamed).toMatchObject({ before: { sku: "OAT-1" }, after: { sku: "OAT-2" } });
    const { entry: archived } = await one("product.archived", () => s.manager.product.archive({ id: product.id, archived: true }));
    expect(archived.before).toEqual({ archivedAt: null });
    expect((archived.after as { archivedAt: string }).archivedAt).toMatch(/^\d{4}-/);
    await s.manager.product.archive({ id: product.id, archived: true });
    const { entry: restored } = await one("product.restored", () => s.manager.product.archive({ id: product.id, archived: false }));
    expect(restored.after).toEqual({ archivedAt: null });

    // Stock, and the alert the level change raised (2 in stock, level 5).
    const { entry: restock } = await one("stock.restocked", () => s.manager.product.restock({ productId: product.id, quantity: "1", note: "Delivery 42" }));
    expect(restock).toMatchObject({ before: { stock: "2.000" }, after: { stock: "3.000", quantity: "1.000", note: "Delivery 42" } });
    const { entry: count } = await one("stock.counted", () => s.managerKey.product.count({ productId: product.id, countedStock: "4" }));
    expect(count).toMatchObject({ actor_role: "manager", before: { stock: "3.000" }, after: { stock: "4.000" } });
    const [alert] = (await s.manager.alert.list({ status: "open" })).items;
    const { entry: acknowledged } = await one("alert.acknowledged", () => s.manager.alert.acknowledge({ id: alert!.id }));
    expect(acknowledged).toMatchObject({ subject_kind: "alert", subject_id: String(alert!.id), before: { acknowledgedAt: null } });
    await s.manager.alert.acknowledge({ id: alert!.id });

    // Refunds, reversals, discards and reviews.
    const { sale: sold } = await s.cashier.sale.create(sale([{ productId: product.id, quantity: "2" }]));
    const { entry: refunded, result: refund } = await one("sale.refunded", () =>
      s.cashier.sale.refund({ type: "refund", externalId: randomUUID(), originalSaleId: sold.id, lines: [{ lineNo: 1, quantity: "1" }], reason: "Leaking" }),
    );
    expect(refunded).toMatchObject({
      subject_kind: "sale",
      subject_id: String(sold.id),
      actor_role: "cashier",
      after: { refundSaleId: refund.sale.id, total: "-2.10", reason: "Leaking", needsReview: true },
    });
    const { sale: other } = await s.deviceKey.sale.create(sale([{ productId: product.id, quantity: "1" }]));
    const { entry: reversed } = await one("sale.reversed", () => s.manager.sale.reverse({ saleId: other.id, externalId: randomUUID(), reason: "Rang twice" }));
    expect(reversed).toMatchObject({
      subject_id: String(other.id),
      before: { reversed: false },
      after: { reversed: true, total: "-2.10", reason: "Rang twice" },
    });
    const { entry: discarded } = await one("sale.discarded", () =>
      s.deviceKey.sale.discardRejected({
        externalId: randomUUID(),
        reason: "Product deleted",
        sale: { items: [] },
        rejection: { code: "PRODUCT_NOT_FOUND", message: "gone" },
      }),
    );
    expect(discarded).toMatchObject({
      subject_kind: "discardedSale",
      actor_role: "device",
      after: { reason: "Product deleted", rejectionCode: "PRODUCT_NOT_FOUND" },
    });
    const { entry: reviewed } = await one("review.marked", () =>
      s.manager.review.markReviewed({ subject: "sale", subjectId: refund.sale.id, note: "Checked the bottle" }),
    );
    expect(reviewed).toMatchObject({ subject_kind: "sale", subject_id: String(refund.sale.id), after: { reviewed: true, note: "Checked the bottle" } });
    await s.manager.review.markReviewed({ subject: "sale", subjectId: refund.sale.id });

    // Staff.
    const { entry: invited, result: invitation } = await one("staff.invited", () => s.owner.staff.invite({ email: "Nina@Example.com", role: "cashier" }));
    expect(invited).toMatchObject({ subject_kind: "staffInvite", before: null, after: { email: "nina@example.com", role: "cashier" } });
    const { entry: joined, result: nina } = await one("staff.joined", () =>
      acceptStaffInvite(t.db.prisma, { token: invitation.token, user: { name: "Nina", passwordHash: "salt:hash" } }),
    );
    expect(joined).toMatchObject({
      subject_kind: "staffMember",
      subject_id: nina.userId,
      actor_name: "Nina",
      actor_role: "cashier",
      before: null,
      after: { email: "nina@example.com", role: "cashier", invitation: invitation.invite.id },
    });
    const { entry: promoted } = await one("staff.roleChanged", () => s.owner.staff.setRole({ userId: s.cashierId, role: "manager" }));
    expect(promoted).toMatchObject({
      subject_kind: "staffMember",
      subject_id: s.cashierId,
      before: { name: "Carl", role: "cashier" },
      after: { role: "manager" },
    });
    await s.owner.staff.setRole({ userId: s.cashierId, role: "manager" });
    const { entry: removed } = await one("staff.removed", () => s.owner.staff.remove({ userId: s.cashierId }));
    expect(removed).toMatchObject({ subject_id: s.cashierId, before: { name: "Carl", role: "manager" }, after: null });

    // API keys: created and revoked, the key itself nowhere in the log.
    const { entry: keyCreated, result: key } = await one("apiKey.created", () => s.owner.apiKey.create({ name: "pos-07", role: "device" }));
    expect(keyCreated).toMatchObject({ subject_kind: "apiKey", subject_id: String(key.id), after: { name: "pos-07", role: "device" } });
    const { entry: keyRevoked } = await one("apiKey.revoked", () => s.owner.apiKey.revoke({ id: key.id }));
    expect(keyRevoked).toMatchObject({ before: { name: "pos-07", revokedAt: null } });
    await s.owner.apiKey.revoke({ id: key.id });

    // Settings: cash rounding, receipt-related labels and scale-label prefixes.
    const weight21 = { prefix: "21", measure: "weight" as const, itemStart: 3, itemLength: 5, valueLength: 5 as const, verifierDigit: false };
    const { entry: settings } = await one("shop.settingsChanged", () =>
      s.owner.shop.update({ cashRounding: "0.05", scanPrefixes: [weight21], name: s.shop.name }),
    );
    expect(settings).toMatchObject({
      subject_kind: "shop",
      before: { cashRounding: null, scanPrefixes: [] },
      after: { cashRounding: "0.05", scanPrefixes: [weight21] },
    });
    expect(Object.keys(settings.after as object).sort()).toEqual(["cashRounding", "scanPrefixes"]);
    const unchanged = (await storedEntries(s.shop.id)).length;
    await s.owner.shop.update({ cashRounding: "0.05" });
    expect(await storedEntries(s.shop.id)).toHaveLength(unchanged);

    // Tills: created, edited (receipt settings), a device key bound, archived, restored.
    const device = await createApiKey(t.db.prisma, { shopId: s.shop.id, name: "pos-08", role: "device" });
    const { entry: tillCreated, result: till } = await one("till.created", () =>
      s.manager.till.create({ name: "Front", series: "F", printReceipt: true, paperWidth: 58 }),
    );
    expect(tillCreated).toMatchObject({ subject_kind: "till", after: { name: "Front", series: "F", apiKeyId: null, printReceipt: true, paperWidth: 58 } });
    const { entry: tillEdited } = await one("till.edited", () => s.manager.till.update({ id: till.id, paperWidth: 80, name: "Front desk" }));
    expect(tillEdited).toMatchObject({ before: { paperWidth: 58, name: "Front" }, after: { paperWidth: 80, name: "Front desk" } });
    const { entry: bound } = await one("till.keyBound", () => s.manager.till.update({ id: till.id, apiKeyId: device.id }));
    expect(bound).toMatchObject({ before: { apiKeyId: null }, after: { apiKeyId: device.id } });
    // A browser taking the till up is logged; the same browser claiming it again is not.
    const [front, back] = [randomUUID(), randomUUID()];
    const { entry: claimed } = await one("till.claimed", () => s.owner.till.claim({ tillId: till.id, claimId: front }));
    expect(claimed).toMatchObject({ subject_id: String(till.id), actor_role: "owner", after: { name: "Front desk", tookOverFromAnotherBrowser: false } });
    const claims = (await storedEntries(s.shop.id)).length;
    await s.owner.till.claim({ tillId: till.id, claimId: front });
    expect(await storedEntries(s.shop.id)).toHaveLength(claims);
    const { entry: takenOver } = await one("till.claimed", () => s.manager.till.claim({ tillId: till.id, claimId: back }));
    expect(takenOver).toMatchObject({ actor_role: "manager", after: { tookOverFromAnotherBrowser: true } });
    await one("till.archived", () => s.manager.till.update({ id: till.id, archived: true }));
    await one("till.restored", () => s.manager.till.update({ id: till.id, archived: false }));

    expect([...seen].sort()).toEqual([...auditActions].sort());

    // No secret anywhere: not the created key, its hash, the invitation token, a password hash.
    const everything = JSON.stringify(await t.db.prisma.$queryRaw`SELECT * FROM audit_entry WHERE shop_id = ${s.shop.id}`, (_k, v: unknown) =>
      typeof v === "bigint" ? v.toString() : v,
    );
    expect(everything).toContain("pos-07");
    for (const secret of [key.key, hashApiKey(key.key), key.key.slice(4), invitation.token, device.key, hashApiKey(device.key)]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/password|token|key_?hash/i);
  });

  it("writes nothing when the change is refused: the entry lives and dies with the change's transaction", async () => {
    const s = await shopWithStaff(t.db);
    await s.manager.product.create({ name: "Tea", sku: "TEA", isVolatile: false, unitPrice: "3.00" });
    const coffee = await s.manager.product.create({ name: "Coffee", sku: "COF", isVolatile: false, unitPrice: "4.00" });
    const before = await storedEntries(s.shop.id);
    await expect(s.manager.product.update({ id: coffee.id, sku: "TEA", unitPrice: "9.99" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      s.owner.staff.setRole({ userId: (await s.owner.staff.list()).members.find((m) => m.role === "owner")!.userId, role: "manager" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await storedEntries(s.shop.id)).toEqual(before);
    expect((await s.manager.product.byId({ id: coffee.id })).unitPrice).toBe("4.00");
  });

  it("is append-only: UPDATE, DELETE and TRUNCATE are refused by the database", async () => {
    const s = await shopWithStaff(t.db);
    await s.manager.product.create({ name: "Bread", isVolatile: false, unitPrice: "2.00" });
    const [entry] = (await storedEntries(s.shop.id)).slice(-1);
    await expect(t.db.prisma.$executeRaw`UPDATE audit_entry SET action = 'product.edited' WHERE id = ${entry!.id}`).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.$executeRaw`UPDATE audit_entry SET after = NULL WHERE shop_id = ${s.shop.id}`).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.$executeRaw`DELETE FROM audit_entry WHERE id = ${entry!.id}`).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.$executeRawUnsafe(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
    expect((await storedEntries(s.shop.id)).slice(-1)).toEqual([entry]);
  });

  it("is read by owners, managers and manager keys, filtered and paged; cashiers, device keys and other shops are refused or see nothing", async () => {
    const s = await shopWithStaff(t.db);
    const other = await shopWithStaff(t.db);
    await other.manager.product.create({ name: "Elsewhere", isVolatile: false, unitPrice: "1.00" });
    const tea = await s.manager.product.create({ name: "Tea", isVolatile: false, unitPrice: "3.00" });
    await s.owner.product.update({ id: tea.id, unitPrice: "3.20" });
    await s.owner.product.update({ id: tea.id, unitPrice: "3.40" });
    await s.owner.staff.invite({ email: "z@example.com", role: "cashier" });

    await expect(s.cashier.audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(s.deviceKey.audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(s.cashier.audit.exportCsv({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(t.db, null).audit.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const all = (await s.owner.audit.list({ limit: 200 })).items;
    expect(all.map((entry) => entry.action)).toEqual([
      "staff.invited",
      "product.priceChanged",
      "product.priceChanged",
      "product.created",
      "apiKey.created",
      "apiKey.created",
      "staff.joined",
      "staff.invited",
      "staff.joined",
      "staff.invited",
    ]);
    expect(all.some((entry) => JSON.stringify(entry).includes("Elsewhere"))).toBe(false);
    expect((await s.managerKey.audit.list({})).items).toHaveLength(all.length);

    const prices = (await s.manager.audit.list({ action: "product.priceChanged" })).items;
    expect(prices.map((entry) => [entry.before, entry.after])).toEqual([
      [{ unitPrice: "3.20" }, { unitPrice: "3.40" }],
      [{ unitPrice: "3.00" }, { unitPrice: "3.20" }],
    ]);
    expect(prices[0]!.actor).toMatchObject({ kind: "user", name: "Olga Owner", role: "owner" });
    expect((await s.manager.audit.list({ subjectKind: "apiKey" })).items.map((entry) => entry.actor.kind)).toEqual(["operator", "operator"]);
    expect((await s.manager.audit.list({ actorUserId: s.managerId })).items.map((entry) => entry.action)).toEqual(["product.created", "staff.joined"]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await s.manager.audit.list({ from: today, to: today })).items).toHaveLength(all.length);
    expect((await s.manager.audit.list({ from: "2099-01-01" })).items).toEqual([]);
    expect((await s.manager.audit.list({ to: "2000-01-01" })).items).toEqual([]);

    const paged: AuditEntryDTO[] = [];
    let cursor: string | undefined;
    do {
      const page = await s.manager.audit.list({ limit: 3, cursor });
      paged.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));

    const exported = await s.manager.audit.exportCsv({ action: "product.priceChanged" });
    const rows = parse<Record<string, string>>(exported.csv, { columns: true });
    expect(exported).toMatchObject({ rows: 2, truncated: false });
    expect(exported.filename).toMatch(/^tillsync-activity-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(
      rows.map((row) => [row.action, row.actor_name, row.actor_role, row.subject_kind, row.subject_id, JSON.parse(row.before!), JSON.parse(row.after!)]),
    ).toEqual([
      ["product.priceChanged", "Olga Owner", "owner", "product", String(tea.id), { unitPrice: "3.20" }, { unitPrice: "3.40" }],
      ["product.priceChanged", "Olga Owner", "owner", "product", String(tea.id), { unitPrice: "3.00" }, { unitPrice: "3.20" }],
    ]);
  });

  it("keeps a name a spreadsheet would run as a formula inert in the CSV", async () => {
    const s = await shopWithStaff(t.db);
    const tool = await createApiKey(t.db.prisma, { shopId: s.shop.id, name: "=HYPERLINK(1)", role: "manager" });
    await callerFor(t.db, { shopId: s.shop.id, role: "manager", apiKeyId: tool.id, name: tool.name }).product.create({
      name: "Jam",
      isVolatile: false,
      unitPrice: "1.00",
    });
    const rows = parse<Record<string, string>>((await s.owner.audit.exportCsv({ action: "product.created" })).csv, { columns: true });
    expect(rows.map((row) => [row.actor, row.actor_name])).toEqual([["apiKey", "'=HYPERLINK(1)"]]);
  });
});
