// The REST contract test (issue 20): every answer under /api (staff sign-in under /api/auth
// aside) that a test server gives is checked against the published OpenAPI document with
// openapi-backend's validator (ajv): the operation must exist for the method and path, the
// status must be documented for it, the body must match that status's schema and the headers
// its declared ones. listen() (server.ts) records the answers (rest-answers.ts); checkRestContract() reports
// every mismatch, and each test file that records any fails in afterAll unless there are none.
import { restOpenApiDocument } from "@tillsync/api";
import addFormats from "ajv-formats";
import { OpenAPIBackend, type Document, type Operation } from "openapi-backend";

import type { RecordedAnswer } from "./rest-answers";

export type { RecordedAnswer } from "./rest-answers";

let backend: OpenAPIBackend | undefined;

async function validator(): Promise<OpenAPIBackend> {
  if (!backend) {
    // quick: openapi-backend's own check of the document knows OpenAPI 3.0 only; the 3.1
    // document is checked by @readme/openapi-parser (rest.test.ts). Formats (uuid, date,
    // date-time) are checked, as ajv-formats defines them.
    backend = new OpenAPIBackend({
      definition: restOpenApiDocument() as unknown as Document,
      quick: true,
      ignoreTrailingSlashes: false,
      customizeAjv: (ajv) => {
        addFormats(ajv);
        return ajv;
      },
    });
    await backend.init();
  }
  return backend;
}

const documentPaths = () => Object.keys(restOpenApiDocument().paths ?? {});

/**
 * What is wrong with `answer` by the document, one line per fault (empty: it matches).
 * An answer to a method a documented path does not answer is checked as that path's 405.
 */
export async function contractFaults(answer: RecordedAnswer): Promise<string[]> {
  const api = await validator();
  const url = new URL(answer.url, "http://api");
  const request = { method: answer.method, path: url.pathname, query: url.search.slice(1), headers: answer.headers };
  let operation: Operation | undefined = api.matchOperation(request);
  if (!operation && documentPaths().includes(url.pathname)) {
    operation = api.router.getOperations().find((candidate) => candidate.path === url.pathname);
    if (operation && answer.status !== 405) return [`${answer.method} ${url.pathname}: answered ${answer.status}, not the documented 405`];
  }
  const where = `${answer.method} ${answer.url} → ${answer.status}`;
  if (!operation) {
    // A path the document does not have: its 404 is checked against the error schema every 404 shares.
    if (answer.status !== 404) return [`${where}: no such operation in the document`];
    operation = api.router.getOperations().find((candidate) => candidate.operationId === "createSale");
  }
  if (!operation) return [`${where}: no such operation in the document`];
  const responses = (operation.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
  const documented = responses[String(answer.status)];
  if (!documented) return [`${where}: status not documented for ${operation.operationId}`];
  const faults: string[] = [];
  const type = answer.headers["content-type"] ?? "";
  if (answer.method === "HEAD" || answer.body === "") {
    if (documented.content) faults.push(`${where}: no body, but the document describes one`);
  } else if (!documented.content || !Object.keys(documented.content).some((media) => type.startsWith(media))) {
    faults.push(`${where}: Content-Type ${type} not documented`);
  } else {
    const body = JSON.parse(answer.body) as unknown;
    const result = api.validateResponse(body, operation, answer.status);
    for (const error of result.errors ?? []) faults.push(`${where}: body ${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
  }
  const headers = api.validateResponseHeaders(answer.headers, operation, { statusCode: answer.status, setMatchType: "superset" as never });
  for (const error of headers.errors ?? []) faults.push(`${where}: header ${error.instancePath} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
  return faults;
}

/** Every fault the document finds in `answers` (see contractFaults). */
export async function checkRestContract(answers: readonly RecordedAnswer[]): Promise<string[]> {
  return (await Promise.all(answers.map(contractFaults))).flat();
}
