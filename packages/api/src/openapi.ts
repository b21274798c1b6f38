import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

import { restRouter } from "./router/rest";

/** The OpenAPI 3.1 document of every REST endpoint, generated from the procedures themselves. */
export function restOpenApiDocument(): OpenAPIObject {
  const document = generateOpenApiDocument(restRouter, {
    title: "Tillsync REST API",
    version: "1.0.0",
    description:
      "The REST endpoints of the original API, kept for offline clients written against it. Money and quantities are decimal strings. " +
      'Errors are JSON: { "message", "code", "issues"?: [{ "path", "message" }] }. The typed tRPC API at /trpc offers everything else.',
    // Relative: the document describes whichever host serves it.
    baseUrl: "/",
    securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A shop's API key: a device key sells, a manager key also reads analytics" } },
  });
  // The generator documents one success status per operation, but a new sale answers 201.
  const createSale = document.paths?.["/api/sales"]?.post?.responses;
  if (createSale) createSale["201"] = { ...(createSale["200"] as object), description: "The sale, newly recorded" };
  return document;
}
