// Every test file: the /api answers its servers gave must all match the OpenAPI document (contract.ts).
import { afterAll, expect } from "vitest";

import { checkRestContract } from "./contract";

afterAll(async () => {
  const { faults } = await checkRestContract();
  expect(faults, "REST answers that do not match /api/openapi.json").toEqual([]);
});
