// A sale is never refused for how it was delivered or spelled (DESIGN.md §7, issue 15):
// compressed request bodies, the Authorization scheme Django REST Framework clients use,
// media types in any letter case, and the spellings of numbers, UUIDs, ids and booleans
// that tills write all reach the same procedures as a plain request.
import { randomUUID } from "node:crypto";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_BODY_BYTES } from "../src/http/body";
import { json, serveCornerShop } from "./server";

describe("how a sale is delivered", () => {
  let shop: Awaited<ReturnType<typeof serveCornerShop>>;
  let base: string;
  let key: string;
  let productId: number;

  beforeAll(async () => {
    shop = await serveCornerShop();
    ({ base, key, productId } = shop);
  });
  afterAll(() => shop?.close());

  const restSale = () => ({ external_id: randomUUID(), items: [{ product: productId, quantity: "1" }] });
  const post = (path: string, body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { method: "POST", body, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers } });

  it.each([
    ["gzip", gzipSync],
    ["x-gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const)("a REST sale sent with Content-Encoding %s is recorded", async (coding, compress) => {
    const sale = restSale();
    const res = await post("/api/sales/", compress(JSON.stringify(sale)), { "content-encoding": coding });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ external_id: sale.external_id, total: "1.00" });
  });

  it("a tRPC sale.sync sent gzipped is recorded", async () => {
    const externalId = randomUUID();
    const body = gzipSync(JSON.stringify({ json: { sales: [{ externalId, items: [{ productId, quantity: "2" }] }] } }));
    const res = await post("/trpc/sale.sync", body, { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect((await json(res)).result.data.json.results).toEqual([expect.objectContaining({ externalId, status: "created" })]);
  });

  it("a REST sale with stacked codings (gzip, then br added by a proxy; identity listed too) is recorded", async () => {
    const sale = restSale();
    const res = await post("/api/sales/", brotliCompressSync(gzipSync(JSON.stringify(sale))), { "content-encoding": "X-Gzip, identity, br" });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ external_id: sale.external_id });
    const corrupt = await post("/api/sales/", gzipSync(JSON.stringify(restSale())), { "content-encoding": "gzip, br" });
    expect(corrupt.status).toBe(400);
    const bomb = await post("/api/sales/", brotliCompressSync(gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20))), { "content-encoding": "gzip, br" });
    expect(bomb.status).toBe(413);
    const unknown = await post("/api/sales/", JSON.stringify(restSale()), { "content-encoding": "gzip, compress" });
    expect(unknown.status).toBe(415);
  });

  it("a body that is not JSON is a 415 naming its Content-Type and what to send", async () => {
    const form = await post("/api/sales/", "product=1", { "content-type": "text/plain" });
    expect(form.status).toBe(415);
    expect(await json(form)).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      detail: 'Content-Type "text/plain" is not supported; send the body as application/json.',
    });
  });

  it("a compressed body that expands past the body limit is a 413, not a 500", async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    expect(bomb.byteLength).toBeLessThan(MAX_BODY_BYTES);
    const res = await post("/api/sales/", bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(await json(res)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("a body that is not what its Content-Encoding says is a 400; an unknown coding a 415", async () => {
    const corrupt = await post("/api/sales/", JSON.stringify(restSale()), { "content-encoding": "gzip" });
    expect(corrupt.status).toBe(400);
    expect(await json(corrupt)).toMatchObject({ code: "PARSE_ERROR" });
    const unknown = await post("/api/sales/", JSON.stringify(restSale()), { "content-encoding": "compress" });
    expect(unknown.status).toBe(415);
    expect(await json(unknown)).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("Django REST Framework's `Authorization: Token <key>` authenticates like Bearer", async () => {
    const sale = restSale();
    const res = await post("/api/sales/", JSON.stringify(sale), { authorization: `Token ${key}` });
    expect(res.status).toBe(201);
  });

  it("a media type in upper case is still JSON", async () => {
    const sale = restSale();
    const res = await post("/api/sales/", JSON.stringify(sale), { "content-type": "Application/JSON; charset=UTF-8" });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ external_id: sale.external_id });
  });

  it("a sale whose numbers, UUID, product id and flags are spelled as tills write them is recorded, and the same sale spelled otherwise is a replay", async () => {
    const externalId = randomUUID();
    const spelled = {
      external_id: `{${externalId.replaceAll("-", "").toUpperCase()}}`,
      source_device: "t".repeat(200),
      items: [
        { product: String(productId), quantity: "+02.5000", unit_price: ".50" },
        { product_data: { name: "Loose tea", is_volatile: "True" }, quantity: "2.5e-1", unit_price: "12.0" },
      ],
    };
    const created = await post("/api/sales/", JSON.stringify(spelled), {});
    expect(created.status).toBe(201);
    const sale = await json(created);
    expect(sale).toMatchObject({ external_id: externalId, source_device: "t".repeat(128), total: "4.25" });
    expect(sale.items.map((item: { quantity: string }) => item.quantity)).toEqual(["2.500", "0.250"]);

    const plain = { external_id: externalId, items: [{ product: productId, quantity: "2.5", unit_price: "0.5" }, spelled.items[1]] };
    const again = await post("/api/sales/", JSON.stringify(plain), {});
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe(sale.id);
  });
});
