// Proves that applying prisma/migrations to an empty database yields exactly what
// schema.prisma describes: every table, column (type, precision, nullability,
// default), enum, primary key, unique and plain index (columns, order, direction)
// and foreign key (columns, target, referential actions), named the way
// `prisma migrate diff` names them. The expectation is derived from Prisma's own
// parse of schema.prisma (its DMMF), never copied by hand, and the database is read
// back from pg_catalog. Whatever the migrations add that Prisma cannot express must
// be listed in KNOWN_EXTRAS; anything else, in either direction, fails.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import internals from "@prisma/internals";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, type Database } from "../src/client";
import { createTestDatabase, testServerUrl } from "../src/testing";

type Datamodel = Awaited<ReturnType<typeof internals.getDMMF>>["datamodel"];
type Model = Datamodel["models"][number];
type Field = Model["fields"][number];

interface Column {
  type: string;
  notNull: boolean;
  default: string | null;
}

interface Index {
  table: string;
  primary: boolean;
  unique: boolean;
  method: string;
  columns: string[];
  predicate: string | null;
}

interface ForeignKey {
  columns: string[];
  references: string;
  onDelete: string;
  onUpdate: string;
}

/** A database schema reduced to what schema.prisma can say about it, plus the extras. */
interface Snapshot {
  tables: string[];
  /** Sequences, by the `table.column` that owns them (SERIAL columns). */
  sequences: string[];
  /** Views, composite types and any other relation kind. */
  otherRelations: string[];
  types: Record<string, { kind: string; values: string[] }>;
  columns: Record<string, Record<string, Column>>;
  indexes: Record<string, Index>;
  /** Keyed `table.name`; the value is the constraint kind. */
  constraints: Record<string, string>;
  /** Keyed `table.name`. */
  foreignKeys: Record<string, ForeignKey>;
  triggers: string[];
  functions: string[];
}

/** Applied by our migration runner; its shape is checked in migrate.test.ts. */
const BOOKKEEPING_TABLE = "_prisma_migrations";

/** What the migration adds on purpose because Prisma's schema language cannot express it. */
const KNOWN_EXTRAS = {
  indexes: {
    low_stock_alert_one_open_per_product: {
      table: "low_stock_alert",
      primary: false,
      unique: true,
      method: "btree",
      columns: ["product_id"],
      predicate: "(resolved_at IS NULL)",
    },
    // The flagged rows of each table, for the review list (packages/db/src/review/flags.ts).
    sale_flagged_idx: {
      table: "sale",
      primary: false,
      unique: false,
      method: "btree",
      columns: ["shop_id", "occurred_at DESC", "id DESC"],
      predicate:
        "(over_refund OR needs_review OR tender_mismatch OR cash_without_drawer OR (cashier_status = ANY (ARRAY['former'::cashier_status, 'unknown'::cashier_status])))",
    },
    drawer_event_flagged_idx: {
      table: "drawer_event",
      primary: false,
      unique: false,
      method: "btree",
      columns: ["shop_id", "occurred_at DESC", "id DESC"],
      predicate: "(needs_review OR (cashier_status = ANY (ARRAY['former'::cashier_status, 'unknown'::cashier_status])))",
    },
    discarded_sale_flagged_idx: {
      table: "discarded_sale",
      primary: false,
      unique: false,
      method: "btree",
      columns: ["shop_id", "discarded_at DESC", "id DESC"],
      predicate: "(needs_review OR (cashier_status = ANY (ARRAY['former'::cashier_status, 'unknown'::cashier_status])))",
    },
    // Receipt numbers: the flags' lookups, the search and a series' highest counter (sale/dto.ts).
    sale_receipt_idx: {
      table: "sale",
      primary: false,
      unique: false,
      method: "btree",
      columns: ["shop_id", "receipt_series", "receipt_counter"],
      predicate: "(receipt_series IS NOT NULL)",
    },
  } satisfies Record<string, Index>,
  /** Non-key columns carried by indexes that schema.prisma declares (Prisma cannot say INCLUDE). */
  includedColumns: {
    sale_item_shop_id_product_id_occurred_at_idx: ["quantity", "line_total", "sale_id"],
  } as Record<string, string[]>,
  constraints: {
    "product.product_stock_matches_kind": "CHECK",
    "product.product_unit_price_not_negative": "CHECK",
    "sale_item.sale_item_quantity_not_zero": "CHECK",
    "shop.shop_cash_rounding_check": "CHECK",
    "shop.shop_till_retention_days_check": "CHECK",
    "sale.sale_receipt_number_parts": "CHECK",
    "till.till_paper_width_check": "CHECK",
  },
  functions: ["tillsync_reject_change()", "tillsync_product_changed()"],
  triggers: [
    "sale.sale_append_only: BEFORE DELETE OR UPDATE FOR EACH ROW EXECUTE tillsync_reject_change",
    "sale.sale_no_truncate: BEFORE TRUNCATE FOR EACH STATEMENT EXECUTE tillsync_reject_change",
    "sale_item.sale_item_append_only: BEFORE DELETE OR UPDATE FOR EACH ROW EXECUTE tillsync_reject_change",
    "sale_item.sale_item_no_truncate: BEFORE TRUNCATE FOR EACH STATEMENT EXECUTE tillsync_reject_change",
    "stock_movement.stock_movement_append_only: BEFORE DELETE OR UPDATE FOR EACH ROW EXECUTE tillsync_reject_change",
    "stock_movement.stock_movement_no_truncate: BEFORE TRUNCATE FOR EACH STATEMENT EXECUTE tillsync_reject_change",
    "sale_tender.sale_tender_append_only: BEFORE DELETE OR UPDATE FOR EACH ROW EXECUTE tillsync_reject_change",
    "sale_tender.sale_tender_no_truncate: BEFORE TRUNCATE FOR EACH STATEMENT EXECUTE tillsync_reject_change",
    "drawer_event.drawer_event_append_only: BEFORE DELETE OR UPDATE FOR EACH ROW EXECUTE tillsync_reject_change",
    "drawer_event.drawer_event_no_truncate: BEFORE TRUNCATE FOR EACH STATEMENT EXECUTE tillsync_reject_change",
    "z_report.z_report_append_only: BEFORE DELETE OR UPDATE FOR EACH ROW EXECUTE tillsync_reject_change",
    "z_report.z_report_no_truncate: BEFORE TRUNCATE FOR EACH STATEMENT EXECUTE tillsync_reject_change",
    "flag_review.flag_review_append_only: BEFORE DELETE OR UPDATE FOR EACH ROW EXECUTE tillsync_reject_change",
    "flag_review.flag_review_no_truncate: BEFORE TRUNCATE FOR EACH STATEMENT EXECUTE tillsync_reject_change",
    "audit_entry.audit_entry_append_only: BEFORE DELETE OR UPDATE FOR EACH ROW EXECUTE tillsync_reject_change",
    "audit_entry.audit_entry_no_truncate: BEFORE TRUNCATE FOR EACH STATEMENT EXECUTE tillsync_reject_change",
    "product.product_change_xid: BEFORE INSERT OR UPDATE FOR EACH ROW EXECUTE tillsync_product_changed",
  ],
};

// ---------------------------------------------------------------------------
// The expectation, from Prisma's DMMF

const schemaPath = fileURLToPath(new URL("../prisma/schema.prisma", import.meta.url));

/** How PostgreSQL's format_type() spells the column type Prisma creates for a field without @db.*. */
const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Boolean: "boolean",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

/**
 * The same for @db.* native types; args are the attribute's arguments. Prisma leaves out
 * an omitted length or precision, so PostgreSQL's own default applies.
 */
const NATIVE_TYPES: Record<string, (args: readonly string[]) => string> = {
  Text: () => "text",
  VarChar: (args) => `character varying${optional(args)}`,
  Char: (args) => `character(${args[0] ?? 1})`,
  Uuid: () => "uuid",
  SmallInt: () => "smallint",
  Integer: () => "integer",
  BigInt: () => "bigint",
  Decimal: (args) => `numeric${args.length ? `(${args.join(",")})` : ""}`,
  Money: () => "money",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  Boolean: () => "boolean",
  Date: () => "date",
  Timestamp: (args) => `timestamp${optional(args)} without time zone`,
  Timestamptz: (args) => `timestamp${optional(args)} with time zone`,
  Time: (args) => `time${optional(args)} without time zone`,
  Timetz: (args) => `time${optional(args)} with time zone`,
  Json: () => "json",
  JsonB: () => "jsonb",
  ByteA: () => "bytea",
  Bit: (args) => `bit(${args[0] ?? 1})`,
  VarBit: (args) => `bit varying${optional(args)}`,
  Inet: () => "inet",
  Xml: () => "xml",
  Oid: () => "oid",
  Citext: () => "citext",
};

function optional(args: readonly string[]): string {
  return args[0] === undefined ? "" : `(${args[0]})`;
}

const PRISMA_ON_UPDATE_DEFAULT = "Cascade";

/**
 * Prisma's default constraint and index names: `<table>_<columns>_<suffix>`, the
 * prefix cut so that the whole fits PostgreSQL's 63-byte identifiers.
 */
function prismaName(parts: readonly string[], suffix: "pkey" | "key" | "idx" | "fkey"): string {
  return `${parts.join("_").slice(0, 63 - suffix.length - 1)}_${suffix}`;
}

/** Identifiers as format_type() prints them: quoted unless plain lower case. */
function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

function expectedSnapshot(datamodel: Datamodel): Snapshot {
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const enums = new Map(datamodel.enums.map((e) => [e.name, e]));
  const tableOf = (model: Model) => model.dbName ?? model.name;
  const columnOf = (model: Model, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };

  const columnType = (model: Model, field: Field): string => {
    let type: string | undefined;
    if (field.kind === "enum") {
      const e = enums.get(field.type);
      type = e && quoteIdent(e.dbName ?? e.name);
    } else if (field.nativeType) {
      type = NATIVE_TYPES[field.nativeType[0]]?.(field.nativeType[1]);
    } else {
      type = SCALAR_TYPES[field.type];
    }
    if (!type) throw new Error(`schema-match.test.ts does not know the column type of ${model.name}.${field.name}; teach it.`);
    return field.isList ? `${type}[]` : type;
  };

  const columnDefault = (model: Model, field: Field): string | null => {
    const value = field.default;
    if (value === undefined) return null;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
    // An empty scalar list (`@default([])`), as PostgreSQL renders Prisma's `ARRAY[]::VARCHAR(n)[]`.
    if (Array.isArray(value) && value.length === 0) return `(ARRAY[]::${columnType(model, field).replace(/\(\d+\)/, "")})::${columnType(model, field)}`;
    if (!Array.isArray(value) && "name" in value) {
      switch (value.name) {
        case "autoincrement":
          return "autoincrement()";
        case "now":
          return "now()";
        case "dbgenerated":
          return String(value.args[0]);
        // Generated by Prisma Client, not by the database.
        case "uuid":
        case "cuid":
        case "nanoid":
        case "ulid":
          return null;
      }
    }
    throw new Error(`schema-match.test.ts does not know how Prisma renders the default of ${model.name}.${field.name}; teach it.`);
  };

  const snapshot: Snapshot = {
    tables: [...datamodel.models.map(tableOf), BOOKKEEPING_TABLE].sort(),
    sequences: [],
    otherRelations: [],
    types: Object.fromEntries(datamodel.enums.map((e) => [e.dbName ?? e.name, { kind: "enum", values: e.values.map((v) => v.dbName ?? v.name) }])),
    columns: {},
    indexes: { ...KNOWN_EXTRAS.indexes },
    constraints: { ...KNOWN_EXTRAS.constraints },
    foreignKeys: {},
    triggers: [...KNOWN_EXTRAS.triggers].sort(),
    functions: [...KNOWN_EXTRAS.functions].sort(),
  };

  for (const model of datamodel.models) {
    const table = tableOf(model);
    const columns: Record<string, Column> = {};
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      if (field.kind === "unsupported") throw new Error(`${model.name}.${field.name} is Unsupported(); teach schema-match.test.ts.`);
      const column = field.dbName ?? field.name;
      const defaultValue = columnDefault(model, field);
      // Prisma renders scalar lists without NOT NULL.
      columns[column] = { type: columnType(model, field), notNull: field.isRequired && !field.isList, default: defaultValue };
      if (defaultValue === "autoincrement()") snapshot.sequences.push(`${table}.${column}`);
    }
    snapshot.columns[table] = columns;

    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = models.get(field.type);
      if (!target) throw new Error(`${model.name}.${field.name} points at unknown model ${field.type}`);
      const columns = field.relationFromFields.map((name) => columnOf(model, name));
      const required = field.relationFromFields.every((name) => model.fields.find((f) => f.name === name)?.isRequired);
      const key = `${table}.${prismaName([table, ...columns], "fkey")}`;
      snapshot.foreignKeys[key] = {
        columns,
        references: `${tableOf(target)}(${(field.relationToFields ?? []).map((name) => columnOf(target, name)).join(", ")})`,
        // Prisma's defaults when the schema names no referential action.
        onDelete: field.relationOnDelete ?? (required ? "Restrict" : "SetNull"),
        onUpdate: field.relationOnUpdate ?? PRISMA_ON_UPDATE_DEFAULT,
      };
      snapshot.constraints[key] = "FOREIGN KEY";
    }
  }

  for (const index of datamodel.indexes) {
    const model = models.get(index.model);
    if (!model) throw new Error(`Index on unknown model ${index.model}`);
    if (index.type === "fulltext") throw new Error("Full-text indexes are MySQL/MongoDB only; teach schema-match.test.ts if that changes.");
    const table = tableOf(model);
    const columns = index.fields.map((f) => {
      if (f.length !== undefined || f.operatorClass !== undefined) {
        throw new Error(`schema-match.test.ts does not compare index length/operator classes (${model.name}); teach it.`);
      }
      return `${columnOf(model, f.name)}${f.sortOrder === "desc" ? " DESC" : ""}`;
    });
    const plainColumns = index.fields.map((f) => columnOf(model, f.name));
    const name =
      index.dbName ?? (index.type === "id" ? prismaName([table], "pkey") : prismaName([table, ...plainColumns], index.type === "unique" ? "key" : "idx"));
    snapshot.indexes[name] = {
      table,
      primary: index.type === "id",
      unique: index.type !== "normal",
      method: (index.algorithm ?? "BTree").toLowerCase(),
      columns: [...columns, ...(KNOWN_EXTRAS.includedColumns[name] ?? []).map((column) => `${column} (INCLUDE)`)],
      predicate: null,
    };
    if (index.type === "id") snapshot.constraints[`${table}.${name}`] = "PRIMARY KEY";
  }

  snapshot.sequences.sort();
  return snapshot;
}

// ---------------------------------------------------------------------------
// The database, from pg_catalog

const CONSTRAINT_KINDS: Record<string, string> = {
  p: "PRIMARY KEY",
  f: "FOREIGN KEY",
  u: "UNIQUE",
  c: "CHECK",
  x: "EXCLUDE",
  t: "CONSTRAINT TRIGGER",
};

const REFERENTIAL_ACTIONS: Record<string, string> = {
  a: "NoAction",
  r: "Restrict",
  c: "Cascade",
  n: "SetNull",
  d: "SetDefault",
};

const TYPE_KINDS: Record<string, string> = { b: "base", d: "domain", e: "enum", m: "multirange", p: "pseudo", r: "range" };

/** Column defaults as Prisma sees them: CURRENT_TIMESTAMP is now(), 'x'::type is x. */
function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  if (expression === "CURRENT_TIMESTAMP" || expression === "now()") return "now()";
  const literal = /^'((?:[^']|'')*)'::[\w ."]+(?:\[\])?$/s.exec(expression);
  if (literal?.[1] !== undefined) return literal[1].replaceAll("''", "'");
  if (/^-?\d+(?:\.\d+)?$/.test(expression)) return String(Number(expression));
  return expression;
}

/** pg_trigger.tgtype, spelled out (bits from PostgreSQL's catalog/pg_trigger.h). */
function describeTrigger(type: number): string {
  const timing = type & 64 ? "INSTEAD OF" : type & 2 ? "BEFORE" : "AFTER";
  const events = (
    [
      [4, "INSERT"],
      [8, "DELETE"],
      [16, "UPDATE"],
      [32, "TRUNCATE"],
    ] as const
  )
    .filter(([bit]) => type & bit)
    .map(([, event]) => event);
  return `${timing} ${events.join(" OR ")} FOR EACH ${type & 1 ? "ROW" : "STATEMENT"}`;
}

async function actualSnapshot(db: Database): Promise<Snapshot> {
  const query = <T>(sql: string) => db.prisma.$queryRawUnsafe<T[]>(sql);

  const relations = await query<{ name: string; kind: string; owner: string | null }>(`
    SELECT c.relname::text AS name, c.relkind::text AS kind,
           CASE WHEN c.relkind = 'S' THEN
             (SELECT t.relname || '.' || a.attname
                FROM pg_depend dep
                JOIN pg_class t ON t.oid = dep.refobjid
                JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
               WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
                 AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i'))
           END AS owner
      FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace`);

  const types = await query<{ name: string; kind: string; values: string[] }>(`
    SELECT t.typname::text AS name, t.typtype::text AS kind,
           ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
      FROM pg_type t
     WHERE t.typnamespace = current_schema()::regnamespace
       -- Row types belong to relations, compared above; array types follow their element type.
       AND t.typtype <> 'c'
       AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)`);

  const columns = await query<{ table: string; column: string; type: string; notNull: boolean; default: string | null }>(`
    SELECT c.relname::text AS "table", a.attname::text AS "column",
           format_type(a.atttypid, a.atttypmod) AS "type", a.attnotnull AS "notNull",
           CASE
             WHEN a.attidentity <> '' THEN 'GENERATED AS IDENTITY'
             WHEN a.attgenerated <> '' THEN 'GENERATED ALWAYS AS ' || pg_get_expr(d.adbin, d.adrelid)
             WHEN pg_get_expr(d.adbin, d.adrelid)
                  = format('nextval(%L::regclass)', pg_get_serial_sequence(quote_ident(c.relname), a.attname)::regclass)
               THEN 'autoincrement()'
             ELSE pg_get_expr(d.adbin, d.adrelid)
           END AS "default"
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
       AND a.attnum > 0 AND NOT a.attisdropped`);

  const indexes = await query<{
    name: string;
    table: string;
    primary: boolean;
    unique: boolean;
    method: string;
    predicate: string | null;
    columns: string[];
    descending: boolean[];
    nullsFirst: boolean[];
    keyColumns: number;
  }>(`
    SELECT ic.relname::text AS name, tc.relname::text AS "table", i.indisprimary AS "primary", i.indisunique AS "unique",
           am.amname::text AS method, pg_get_expr(i.indpred, i.indrelid) AS predicate, i.indnkeyatts::int AS "keyColumns",
           -- Each column (or expression), followed by its operator class when not the type's default.
           ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true)
                             ELSE (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) END
                        || coalesce((SELECT ' ' || opc.opcname FROM pg_opclass opc
                                      WHERE opc.oid = i.indclass[k - 1] AND NOT opc.opcdefault AND k <= i.indnkeyatts), '')
                   FROM generate_series(1, i.indnatts) k ORDER BY k) AS columns,
           ARRAY(SELECT coalesce(pg_index_column_has_property(i.indexrelid, k, 'desc'), false)
                   FROM generate_series(1, i.indnatts) k ORDER BY k) AS descending,
           ARRAY(SELECT coalesce(pg_index_column_has_property(i.indexrelid, k, 'nulls_first'), false)
                   FROM generate_series(1, i.indnatts) k ORDER BY k) AS "nullsFirst"
      FROM pg_index i
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_class tc ON tc.oid = i.indrelid
      JOIN pg_am am ON am.oid = ic.relam
     WHERE tc.relnamespace = current_schema()::regnamespace`);

  const constraints = await query<{ table: string; name: string; kind: string }>(`
    SELECT c.relname::text AS "table", con.conname::text AS name, con.contype::text AS kind
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
     WHERE c.relnamespace = current_schema()::regnamespace
       -- PostgreSQL 18 (PGlite) records NOT NULL as constraints; nullability is compared per column.
       AND con.contype <> 'n'`);

  const foreignKeys = await query<{
    table: string;
    name: string;
    columns: string[];
    refTable: string;
    refColumns: string[];
    onDelete: string;
    onUpdate: string;
  }>(`
    SELECT c.relname::text AS "table", con.conname::text AS name, r.relname::text AS "refTable",
           ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
           ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS "refColumns",
           con.confdeltype::text AS "onDelete", con.confupdtype::text AS "onUpdate"
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_class r ON r.oid = con.confrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND con.contype = 'f'`);

  const triggers = await query<{ table: string; name: string; type: number; function: string }>(`
    SELECT c.relname::text AS "table", t.tgname::text AS name, t.tgtype::int AS "type", t.tgfoid::regproc::text AS "function"
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = current_schema()::regnamespace
       -- Internal triggers implement foreign keys, compared above.
       AND NOT t.tgisinternal`);

  const functions = await query<{ signature: string }>(`
    SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature
      FROM pg_proc p
     WHERE p.pronamespace = current_schema()::regnamespace`);

  const snapshot: Snapshot = {
    tables: relations
      .filter((r) => r.kind === "r" || r.kind === "p")
      .map((r) => r.name)
      .sort(),
    sequences: relations
      .filter((r) => r.kind === "S")
      .map((r) => r.owner ?? `${r.name} (owned by no column)`)
      .sort(),
    otherRelations: relations
      .filter((r) => !["r", "p", "S", "i", "I"].includes(r.kind))
      .map((r) => `${r.name} (relkind ${r.kind})`)
      .sort(),
    types: Object.fromEntries(types.map((t) => [t.name, { kind: TYPE_KINDS[t.kind] ?? t.kind, values: t.values }])),
    columns: {},
    indexes: {},
    constraints: {},
    foreignKeys: {},
    triggers: triggers.map((t) => `${t.table}.${t.name}: ${describeTrigger(t.type)} EXECUTE ${t.function}`).sort(),
    functions: functions.map((f) => f.signature).sort(),
  };

  for (const c of columns) {
    if (c.table === BOOKKEEPING_TABLE) continue;
    (snapshot.columns[c.table] ??= {})[c.column] = { type: c.type, notNull: c.notNull, default: normaliseDefault(c.default) };
  }

  for (const index of indexes) {
    if (index.table === BOOKKEEPING_TABLE) continue;
    snapshot.indexes[index.name] = {
      table: index.table,
      primary: index.primary,
      unique: index.unique,
      method: index.method,
      columns: index.columns.map((column, k) => {
        if (k >= index.keyColumns) return `${column} (INCLUDE)`;
        const descending = index.descending[k];
        // Prisma cannot choose NULLS FIRST/LAST, so only PostgreSQL's default for the direction is expected.
        const nulls = index.nullsFirst[k] === descending ? "" : index.nullsFirst[k] ? " NULLS FIRST" : " NULLS LAST";
        return `${column}${descending ? " DESC" : ""}${nulls}`;
      }),
      predicate: index.predicate,
    };
  }

  for (const c of constraints) {
    if (c.table === BOOKKEEPING_TABLE) continue;
    snapshot.constraints[`${c.table}.${c.name}`] = CONSTRAINT_KINDS[c.kind] ?? c.kind;
  }

  for (const fk of foreignKeys) {
    snapshot.foreignKeys[`${fk.table}.${fk.name}`] = {
      columns: fk.columns,
      references: `${fk.refTable}(${fk.refColumns.join(", ")})`,
      onDelete: REFERENTIAL_ACTIONS[fk.onDelete] ?? fk.onDelete,
      onUpdate: REFERENTIAL_ACTIONS[fk.onUpdate] ?? fk.onUpdate,
    };
  }

  return snapshot;
}

// ---------------------------------------------------------------------------

const { datamodel } = await internals.getDMMF({ datamodel: readFileSync(schemaPath, "utf8") });
const expected = expectedSnapshot(datamodel);

function schemaMatchSuite(open: () => Promise<{ db: Database; dispose: () => Promise<void> }>) {
  let actual: Snapshot;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const opened = await open();
    dispose = opened.dispose;
    actual = await actualSnapshot(opened.db);
  });

  afterAll(() => dispose?.());

  it("has a table per model (plus the migrations table) and nothing else", () => {
    expect(actual.tables).toEqual(expected.tables);
    expect(actual.otherRelations).toEqual(expected.otherRelations);
  });

  it("has every enum with its values in order, and no other types", () => {
    expect(actual.types).toEqual(expected.types);
  });

  it("has every field as a column with its type, nullability and default", () => {
    expect(actual.columns).toEqual(expected.columns);
  });

  it("has a sequence exactly for each autoincrement column", () => {
    expect(actual.sequences).toEqual(expected.sequences);
  });

  it("has the primary keys, unique and plain indexes (columns, order, direction) and the known partial index", () => {
    expect(actual.indexes).toEqual(expected.indexes);
  });

  it("has the foreign keys with their columns, targets and referential actions", () => {
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it("has only primary keys, foreign keys and the known CHECK constraints", () => {
    expect(actual.constraints).toEqual(expected.constraints);
  });

  it("has only the known append-only triggers and their function", () => {
    expect(actual.triggers).toEqual(expected.triggers);
    expect(actual.functions).toEqual(expected.functions);
  });
}

const serverUrl = testServerUrl();

describe.skipIf(!serverUrl)("migrated PostgreSQL database matches schema.prisma", () => {
  schemaMatchSuite(async () => {
    const db = await createTestDatabase();
    return { db, dispose: () => db.destroy() };
  });
});

describe("migrated PGlite database matches schema.prisma", () => {
  schemaMatchSuite(async () => {
    const db = createDatabase({});
    await db.migrate();
    return { db, dispose: () => db.close() };
  });
});
