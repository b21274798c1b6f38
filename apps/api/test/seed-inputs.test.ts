// What the seed's Django REST Framework clients send is accepted (issue 20, DESIGN.md §4):
// each spelling below is sent after the plain request for the same sale and must come back
// as that sale (200, the same id), never as a second one; plus the seed's source_device
// default, the IETF Idempotency-Key header, DRF's 405 with Allow, and CORS for tills on
// origins of their own.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { externalIdOfKey } from "../src/http/idempotency-key";
import { json, serveCornerShop } from "./server";

const TILL_ORIGIN = "https://till.example";
const WEB_ORIGIN = "http://localhost:3000";

describe("seed-era REST input", () => {
  let shop: Awaited<ReturnType<typeof serveCornerShop>>;
  let base: string;
  let key: string;
  let productId: number;

  beforeAll(async () => {
    shop = await serveCornerShop({ WEB_ORIGIN: [WEB_ORIGIN], CORS_ORIGINS: [TILL_ORIGIN] });
    ({ base, key, productId } = shop);
  });
  afterAll(() => shop?.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/sales/`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });

  type Sale = { external_id?: string; items: Record<string, unknown>[] } & Record<string, unknown>;
  const uuid = randomUUID;
  const inline = (externalId: string, isVolatile: unknown) => ({
    product_data: { external_id: externalId, name: "Loose tomatoes", is_volatile: isVolatile, unit_price: "4.20" },
    quantity: "0.5",
  });

  /** [what the seed's client sends, the plain sale, the same sale as that client spells it (and the headers it sends)]. */
  const SAME_SALE: [string, (id: string) => { plain: Sale; seed: Sale | Buffer; headers?: () => Record<string, string> }][] = [
    [
      '"product": "1" (an id as a string)',
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: { external_id: id, items: [{ product: String(productId), quantity: "1" }] },
      }),
    ],
    [
      "external_id as 32 hex digits",
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: { external_id: id.replaceAll("-", ""), items: [{ product: productId, quantity: "1" }] },
      }),
    ],
    [
      "external_id as urn:uuid:…",
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: { external_id: `urn:uuid:${id.toUpperCase()}`, items: [{ product: productId, quantity: "1" }] },
      }),
    ],
    [
      '"is_volatile": "true"',
      (id) => {
        const product = uuid();
        return { plain: { external_id: id, items: [inline(product, true)] }, seed: { external_id: id, items: [inline(product, "true")] } };
      },
    ],
    [
      '".5" for 0.5',
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "0.5" }] },
        seed: { external_id: id, items: [{ product: productId, quantity: ".5" }] },
      }),
    ],
    [
      '"1." for 1',
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: { external_id: id, items: [{ product: productId, quantity: "1." }] },
      }),
    ],
    [
      '"+1" for 1',
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: { external_id: id, items: [{ product: productId, quantity: "+1" }] },
      }),
    ],
    [
      "Authorization: Token <key> (DRF's keyword)",
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        headers: () => ({ authorization: `Token ${key}` }),
      }),
    ],
    [
      "Idempotency-Key: <the UUID> instead of external_id",
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: { items: [{ product: productId, quantity: "1" }] },
        headers: () => ({ "idempotency-key": id }),
      }),
    ],
    [
      'Idempotency-Key: "<the UUID>" (a structured-field string) with the same external_id',
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        headers: () => ({ "idempotency-key": `"${id}"` }),
      }),
    ],
    [
      "a gzip body (Content-Encoding: gzip)",
      (id) => ({
        plain: { external_id: id, items: [{ product: productId, quantity: "1" }] },
        seed: gzipSync(JSON.stringify({ external_id: id, items: [{ product: productId, quantity: "1" }] })),
        headers: () => ({ "content-encoding": "gzip" }),
      }),
    ],
  ];

  it.each(SAME_SALE)("%s → accepted as the same sale (200, same id)", async (_name, make) => {
    const { plain, seed, headers } = make(uuid());
    const created = await post(plain);
    expect(created.status).toBe(201);
    const sale = await json(created);
    const again = await post(seed, headers?.());
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual(sale);
  });

  it('a sale without source_device is recorded with the seed\'s default, "web" (null too)', async () => {
    for (const body of [
      { external_id: uuid(), items: [{ product: productId, quantity: "1" }] },
      { external_id: uuid(), source_device: null, items: [{ product: productId, quantity: "1" }] },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(201);
      expect((await json(res)).source_device).toBe("web");
      expect((await shop.db.prisma.sale.findFirstOrThrow({ where: { externalId: body.external_id } })).sourceDevice).toBe("web");
    }
  });

  it("an Idempotency-Key that is no UUID (quoted or not) names one sale: the same key again is a retry, another key another sale", async () => {
    const body = { items: [{ product: productId, quantity: "2" }] };
    const keyText = `till-7:sale-${uuid()}`;
    const first = await post(body, { "idempotency-key": keyText });
    expect(first.status).toBe(201);
    const sale = await json(first);
    expect(sale.external_id).toBe(externalIdOfKey(keyText));
    const quoted = await post(body, { "idempotency-key": `"${keyText}"` });
    expect(quoted.status).toBe(200);
    expect((await json(quoted)).id).toBe(sale.id);
    const other = await post(body, { "idempotency-key": `${keyText}-b` });
    expect(other.status).toBe(201);
    expect((await json(other)).id).not.toBe(sale.id);
    // A changed sale under the same key is refused as any reused external_id is.
    const changed = await post({ items: [{ product: productId, quantity: "3" }] }, { "idempotency-key": keyText });
    expect(changed.status).toBe(422);
    expect(await json(changed)).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", stored_sale_id: sale.id });
  });

  it("an Idempotency-Key and an external_id naming different sales → 400 IDEMPOTENCY_KEY_MISMATCH; a key over 255 characters → 400; nothing is written", async () => {
    const externalId = uuid();
    const before = await shop.db.prisma.sale.count();
    const mismatch = await post({ external_id: externalId, items: [{ product: productId, quantity: "1" }] }, { "idempotency-key": uuid() });
    expect(mismatch.status).toBe(400);
    expect(await json(mismatch)).toEqual({
      detail: expect.stringMatching(/different sales/),
      code: "IDEMPOTENCY_KEY_MISMATCH",
      request_id: mismatch.headers.get("x-request-id"),
    });
    const long = await post({ items: [{ product: productId, quantity: "1" }] }, { "idempotency-key": "k".repeat(256) });
    expect(long.status).toBe(400);
    expect((await json(long)).code).toBe("IDEMPOTENCY_KEY_INVALID");
    expect(await shop.db.prisma.sale.count()).toBe(before);
  });

  it("a method a path does not answer → 405 with Allow, as DRF answers", async () => {
    const listSales = await fetch(`${base}/api/sales/`, { headers: { authorization: `Bearer ${key}` } });
    expect(listSales.status).toBe(405);
    expect(listSales.headers.get("allow")).toBe("POST");
    expect(await json(listSales)).toMatchObject({ code: "METHOD_NOT_SUPPORTED", detail: expect.stringContaining("GET") });
    for (const method of ["POST", "PUT", "DELETE"]) {
      const res = await fetch(`${base}/api/sales/analytics`, { method, headers: { authorization: `Bearer ${key}` } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET");
    }
  });

  describe("CORS", () => {
    const preflight = (origin: string) =>
      fetch(`${base}/api/sales/`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, idempotency-key" },
      });

    it("a till on a CORS_ORIGINS origin may call with its API key, never with cookies", async () => {
      const allowed = await preflight(TILL_ORIGIN);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(TILL_ORIGIN);
      expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
      const sale = await post({ external_id: uuid(), items: [{ product: productId, quantity: "1" }] }, { origin: TILL_ORIGIN });
      expect(sale.status).toBe(201);
      expect(sale.headers.get("access-control-allow-origin")).toBe(TILL_ORIGIN);
      expect(sale.headers.get("access-control-expose-headers")).toMatch(/x-request-id/);
    });

    it("the admin app (WEB_ORIGIN) keeps its cookies; any other origin gets no CORS headers", async () => {
      const web = await preflight(WEB_ORIGIN);
      expect(web.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
      expect(web.headers.get("access-control-allow-credentials")).toBe("true");
      const stranger = await preflight("https://evil.example");
      expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    });
  });
});
