// Every test file: the /api answers its servers gave must all match the OpenAPI document (contract.ts).
import { afterAll, expect } from "vitest";

import { takeRecordedAnswers } from "./rest-answers";

afterAll(async () => {
  const answers = takeRecordedAnswers();
  if (answers.length === 0) return;
  const { checkRestContract } = await import("./contract");
  expect(await checkRestContract(answers), "REST answers that do not match /api/openapi.json").toEqual([]);
});
