import { REST_ANALYTICS_NUMBER_FIELDS } from "@tillsync/validators";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

import { restRouter } from "./router/rest";

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[] };
type Responses = Record<string, unknown>;

/**
 * Each error status the REST endpoints answer, with the `code`s it carries (apps/api
 * http/rest.ts sends them; the contract test in apps/api checks every answer the REST tests
 * produce against this document). Headers: 401 WWW-Authenticate, 405 Allow, 429 and 503
 * Retry-After.
 */
const ERROR_STATUSES = {
  400: {
    description: "Invalid input: field errors as Django REST Framework lists them, or a body that is not JSON",
    codes: [
      "BAD_REQUEST",
      "PARSE_ERROR",
      "AMOUNT_OUT_OF_RANGE",
      "INVALID_INPUT",
      "PRODUCT_KIND_MISMATCH",
      "IDEMPOTENCY_KEY_INVALID",
      "IDEMPOTENCY_KEY_MISMATCH",
    ],
    example: {
      external_id: ["Enter an id like 0b6a4f5e-…"],
      items: [{}, { quantity: ["Enter a quantity more than 0, with at most 3 decimals"] }],
      detail: "Input validation failed",
      code: "BAD_REQUEST",
    },
  },
  401: {
    description: "No API key, or one that is unknown or revoked",
    codes: ["NOT_SIGNED_IN", "API_KEY_INVALID", "SESSION_EXPIRED"],
    example: { detail: "Sign in or send an API key.", code: "NOT_SIGNED_IN" },
  },
  403: {
    description: "The key's role may not do this, or a staff cookie sent from another site",
    codes: ["FORBIDDEN", "CROSS_ORIGIN_REQUEST"],
    example: { detail: "This needs a manager or the shop's owner.", code: "FORBIDDEN" },
  },
  404: {
    description: "A product of another shop, or none",
    codes: ["PRODUCT_NOT_FOUND", "NOT_FOUND"],
    example: { detail: "Product 7 not found", code: "PRODUCT_NOT_FOUND" },
  },
  405: {
    description: "Not a method this path answers (Allow lists those it does)",
    codes: ["METHOD_NOT_SUPPORTED"],
    example: { detail: 'Method "GET" not allowed: /api/sales/ answers POST.', code: "METHOD_NOT_SUPPORTED" },
  },
  413: {
    description: "Body over 1 MB (once decompressed)",
    codes: ["PAYLOAD_TOO_LARGE"],
    example: { detail: "The body is larger than 1048576 bytes.", code: "PAYLOAD_TOO_LARGE" },
  },
  415: {
    description: "Body not application/json, or a Content-Encoding other than gzip, deflate, br or identity",
    codes: ["UNSUPPORTED_MEDIA_TYPE"],
    example: { detail: 'Content-Encoding "compress" is not supported; send gzip, deflate, br or identity.', code: "UNSUPPORTED_MEDIA_TYPE" },
  },
  422: {
    description: "The external_id (or Idempotency-Key) was used for a different sale: stored_sale_id names it",
    codes: ["IDEMPOTENCY_KEY_REUSED"],
    example: {
      detail: "externalId 3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a12 was already used for a different sale (sale 1); use a new externalId for a new sale.",
      code: "IDEMPOTENCY_KEY_REUSED",
      stored_sale_id: 1,
    },
  },
  429: {
    description: "The key's rate limit, or the client's failed-authentication budget, is used up: retry after Retry-After",
    codes: ["TOO_MANY_REQUESTS"],
    example: { detail: "Too many requests: try again in 12 seconds.", code: "TOO_MANY_REQUESTS" },
  },
  500: { description: "Internal server error", codes: ["INTERNAL_SERVER_ERROR"], example: { detail: "Internal server error", code: "INTERNAL_SERVER_ERROR" } },
  503: {
    description: "The database is unavailable or the call met a transient failure: retry with the same body after Retry-After",
    codes: ["SERVICE_UNAVAILABLE", "RETRY_LATER"],
    example: { detail: "The database is unavailable; try again shortly.", code: "SERVICE_UNAVAILABLE" },
  },
} as const;

type ErrorStatus = keyof typeof ERROR_STATUSES;

/** The statuses each operation answers besides its successes. */
const OPERATION_ERRORS: Record<"createSale" | "salesAnalytics" | "openApiDocument", ErrorStatus[]> = {
  createSale: [400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503],
  salesAnalytics: [400, 401, 403, 404, 405, 429, 500, 503],
  openApiDocument: [405],
};

const header = (description: string, schema: Schema) => ({ description, schema });
const REQUEST_ID_HEADER = header("The request's id, also in the body's request_id and on the server's log lines", { type: "string" });
const RETRY_AFTER = header("Seconds to wait before retrying", { type: "string", pattern: "^\\d+$" });

/** A field's errors: messages, or the errors inside it (an object, or a list with one entry per item). */
const FIELD_ERRORS: Schema = {
  anyOf: [
    { type: "array", items: { type: "string" } },
    { type: "object", additionalProperties: { $ref: "#/components/schemas/FieldErrors" } },
    { type: "array", items: { type: "object", additionalProperties: { $ref: "#/components/schemas/FieldErrors" } } },
  ],
};

const errorSchema = (status: ErrorStatus): Schema => ({
  type: "object",
  title: `Error ${status}`,
  description:
    "Django REST Framework's error shape: `detail`, and for invalid input each field's errors at the top level following the request " +
    "(`non_field_errors` for errors about the request as a whole); plus `code` and `request_id`.",
  properties: {
    detail: { type: "string", description: "What went wrong, for people" },
    code: { type: "string", enum: [...ERROR_STATUSES[status].codes], description: "What went wrong, for programs" },
    request_id: { type: "string", description: "The X-Request-Id of the request" },
    ...(status === 422 && { stored_sale_id: { type: "integer", description: "The sale already stored under that external_id" } }),
    non_field_errors: { type: "array", items: { type: "string" } },
  },
  required: ["detail", "code", "request_id", ...(status === 422 ? ["stored_sale_id"] : [])],
  additionalProperties: { $ref: "#/components/schemas/FieldErrors" },
  example: { ...ERROR_STATUSES[status].example, request_id: "5b0f1c3e-2d4a-4e6f-8a9b-0c1d2e3f4a5b" },
});

const errorResponse = (status: ErrorStatus) => ({
  description: ERROR_STATUSES[status].description,
  headers: {
    "X-Request-Id": REQUEST_ID_HEADER,
    ...(status === 401 && { "WWW-Authenticate": header("Bearer", { type: "string", const: "Bearer" }) }),
    ...(status === 405 && { Allow: header("The methods this path answers", { type: "string" }) }),
    ...((status === 429 || status === 503) && { "Retry-After": { ...RETRY_AFTER, required: true } }),
  },
  content: { "application/json": { schema: { $ref: `#/components/schemas/Error${status}` } } },
});

const errorResponses = (statuses: ErrorStatus[]): Responses => Object.fromEntries(statuses.map((status) => [String(status), errorResponse(status)]));

/**
 * A decimal field of a request as the server reads it (packages/validators decimal.ts): a
 * string in any plain spelling ("0.5", ".5", "5.", "+1", "007", trailing zeros) with at most
 * `integerDigits` digits before the point and `scale` significant decimals, or an exact
 * JSON number in range. `pattern` applies to strings only, the bounds to numbers only.
 */
const decimalField = (schema: Schema, scale: number, integerDigits: number, positive: boolean): Schema => ({
  ...schema,
  type: schema.type ?? ["string", "number"],
  pattern: `^\\s*\\+?(?=\\.?\\d)0*(?:[1-9]\\d{0,${integerDigits - 1}})?(?:\\.\\d{0,${scale}}0*)?\\s*$`,
  ...(positive ? { exclusiveMinimum: 0 } : { minimum: 0 }),
  maximum: Number(`${"9".repeat(integerDigits)}.${"9".repeat(scale)}`),
});

/** The nullable form of `schema` ({ type: [...] } gains "null", an anyOf gains { type: "null" }). */
const withDecimal = (property: Schema | undefined, scale: number, integerDigits: number, positive: boolean): Schema | undefined => {
  if (!property) return property;
  if (Array.isArray(property.anyOf)) {
    return { ...property, anyOf: property.anyOf.map((branch) => (branch.type === "null" ? branch : decimalField(branch, scale, integerDigits, positive))) };
  }
  const types = Array.isArray(property.type) ? (property.type as string[]) : [];
  if (types.includes("null")) {
    const { type: _type, ...rest } = property;
    return { ...rest, anyOf: [decimalField({ type: ["string", "number"] }, scale, integerDigits, positive), { type: "null" }] };
  }
  return decimalField(property, scale, integerDigits, positive);
};

/** `POST /api/sales/`'s body schema, made as strict as the server: decimal patterns, "exactly one of product / product_data" as oneOf. */
function tightenSaleBody(body: Schema) {
  const props = body.properties!;
  // The Idempotency-Key header may stand in for external_id.
  body.required = body.required?.filter((name) => name !== "external_id");
  props.external_id = {
    ...props.external_id!,
    description: `${String(props.external_id?.description)}; may be left out when an Idempotency-Key header is sent`,
  };

  const items = props.items!;
  const item = items.items!;
  const p = item.properties!;
  p.quantity = withDecimal(p.quantity, 3, 7, true)!;
  p.unit_price = withDecimal(p.unit_price, 2, 8, false)!;
  const inline = (p.product_data?.anyOf ?? []).find((branch) => branch.type === "object");
  if (inline?.properties) {
    inline.properties.unit_price = withDecimal(inline.properties.unit_price, 2, 8, false)!;
    inline.properties.reorder_level = withDecimal(inline.properties.reorder_level, 3, 9, false)!;
  }
  const byId: Schema = { ...p.product!, anyOf: p.product!.anyOf!.filter((branch) => branch.type !== "null") };
  const { product: _product, product_data: _data, ...common } = p;
  const nothing: Schema = { type: "null", description: "Absent or null when the other is given" };
  items.items = {
    description: "An item: exactly one of product (an existing product's id) or product_data (a product created with the sale)",
    oneOf: [
      { type: "object", title: "By product id", properties: { product: byId, product_data: nothing, ...common }, required: ["product", "quantity"] },
      {
        type: "object",
        title: "With product_data",
        properties: { product: nothing, product_data: inline!, ...common },
        required: ["product_data", "quantity"],
      },
    ],
  };
  const tender = (props.tenders?.anyOf ?? []).find((branch) => branch.type === "array")?.items;
  if (tender?.properties) {
    tender.properties.amount = withDecimal(tender.properties.amount, 2, 8, false)!;
    tender.properties.tendered = withDecimal(tender.properties.tendered, 2, 8, false)!;
  }
}

/** The analytics answer's figures as the server writes them: JSON numbers (see REST_ANALYTICS_NUMBER_FIELDS). */
function figuresAsNumbers(schema: unknown) {
  if (!schema || typeof schema !== "object") return;
  if (Array.isArray(schema)) return schema.forEach(figuresAsNumbers);
  const node = schema as Schema;
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    if ((REST_ANALYTICS_NUMBER_FIELDS as readonly string[]).includes(name)) {
      for (const branch of [property, ...(property.anyOf ?? [])]) {
        if (branch.type === "string") branch.type = "number";
        else if (Array.isArray(branch.type)) branch.type = (branch.type as string[]).map((type) => (type === "string" ? "number" : type));
        if (typeof branch.example === "string") branch.example = Number(branch.example);
      }
    } else figuresAsNumbers(property);
  }
  figuresAsNumbers(node.items);
  figuresAsNumbers(node.anyOf);
}

/**
 * The OpenAPI 3.1 document of every REST endpoint, generated from the procedures' own zod
 * schemas (trpc-to-openapi), then made to say exactly what apps/api does on the wire: the
 * seed's paths with their trailing slash (and without), the Idempotency-Key header, request
 * decimals with their patterns and items as oneOf, the analytics figures as numbers, and
 * every status with its headers and an error schema whose `code` is an enum.
 */
export function restOpenApiDocument(): OpenAPIObject {
  const document = generateOpenApiDocument(restRouter, {
    title: "Tillsync REST API",
    version: "1.1.0",
    description:
      "The REST endpoints of the original Django REST Framework API, kept for offline clients written against it; paths answer with and " +
      "without their trailing slash. Sale bodies carry money and quantities as decimal strings; the analytics answer writes its figures as " +
      'JSON numbers with their exact decimals. Errors are DRF\'s shape: { "detail", "<field>": ["…"], "code", "request_id" }. ' +
      "The typed tRPC API at /trpc offers everything else.",
    // Relative: the document describes whichever host serves it.
    baseUrl: "/",
    securitySchemes: {
      apiKey: { type: "http", scheme: "bearer", description: "A shop's API key: a device key sells, a manager key also reads analytics" },
      drfToken: {
        type: "apiKey",
        in: "header",
        name: "Authorization",
        description: "The same API key as `Token <key>`, as Django REST Framework's TokenAuthentication sent it",
      },
    },
  });
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const schemas = (document.components!.schemas ??= {}) as Record<string, unknown>;
  for (const name of Object.keys(schemas)) if (name.startsWith("error.")) delete schemas[name];
  schemas.FieldErrors = FIELD_ERRORS;
  for (const status of Object.keys(ERROR_STATUSES)) schemas[`Error${status}`] = errorSchema(Number(status) as ErrorStatus);
  figuresAsNumbers(schemas.ProductAnalytics);
  figuresAsNumbers(schemas.AnalyticsProduct);

  const security = [{ apiKey: [] }, { drfToken: [] }];
  const headers = { "X-Request-Id": REQUEST_ID_HEADER };
  const createSale = paths["/api/sales"]!.post!;
  const saleBody = (createSale.requestBody as { content: Record<string, { schema: Schema }> }).content["application/json"]!.schema;
  tightenSaleBody(saleBody);
  const saleResponse = (createSale.responses as Record<string, { content: unknown }>)["200"]!.content;
  createSale.security = security;
  createSale.parameters = [
    {
      in: "header",
      name: "Idempotency-Key",
      required: false,
      description:
        "draft-ietf-httpapi-idempotency-key-header: a string of 1 to 255 characters, quoted or not. Stands for external_id when the body has " +
        "none (a UUID as itself, any other string as its UUIDv5); with both, they must name the same sale (400 IDEMPOTENCY_KEY_MISMATCH)",
      schema: { type: "string", minLength: 1, maxLength: 257 },
    },
    {
      in: "header",
      name: "Content-Encoding",
      required: false,
      description: "The body may be compressed: gzip, deflate or br (also several, in the order applied)",
      schema: { type: "string" },
    },
  ];
  createSale.responses = {
    "200": { description: "A retry: the sale already stored under this external_id, unchanged", headers, content: saleResponse },
    "201": { description: "The sale, newly recorded", headers, content: saleResponse },
    ...errorResponses(OPERATION_ERRORS.createSale),
  };

  const analytics = paths["/api/sales/analytics"]!.get!;
  const analyticsResponse = (analytics.responses as Record<string, { content: unknown }>)["200"]!.content;
  analytics.security = security;
  analytics.responses = {
    "200": { description: "The product's figures over the range and per period", headers, content: analyticsResponse },
    ...errorResponses(OPERATION_ERRORS.salesAnalytics),
  };

  const openApiDocument = {
    get: {
      operationId: "openApiDocument",
      summary: "This document",
      tags: ["meta"],
      security: [],
      responses: {
        "200": { description: "The OpenAPI document", headers, content: { "application/json": { schema: { type: "object" } } } },
        ...errorResponses(OPERATION_ERRORS.openApiDocument),
      },
    },
  };

  // The seed's clients call the paths with a trailing slash; both forms are served. Each
  // operation id is unique, as OpenAPI requires.
  const slashed = (item: Record<string, Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(item).map(([method, operation]) => [method, { ...operation, operationId: `${String(operation.operationId)}Slash` }]));
  document.paths = {
    "/api/sales/": slashed(paths["/api/sales"]!),
    "/api/sales": paths["/api/sales"]!,
    "/api/sales/analytics/": slashed(paths["/api/sales/analytics"]!),
    "/api/sales/analytics": paths["/api/sales/analytics"]!,
    "/api/openapi.json": openApiDocument,
  };
  return document;
}
