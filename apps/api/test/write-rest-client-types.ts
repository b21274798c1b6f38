// `pnpm --filter @tillsync/api-server generate:rest-client`: writes test/generated/rest-api.d.ts from the OpenAPI document (see test/rest-client-types.ts).
import { writeFileSync } from "node:fs";

import { generateRestClientTypes, REST_CLIENT_TYPES_FILE } from "./rest-client-types";

writeFileSync(REST_CLIENT_TYPES_FILE, await generateRestClientTypes());
console.log(`wrote ${REST_CLIENT_TYPES_FILE}`);
