import { z } from "zod";

import { cursor, id, pageSize } from "./common";
import "./messages";

export const alertListInput = z.object({
  status: z.enum(["open", "resolved", "all"]).default("open"),
  limit: pageSize,
  cursor,
});

export const alertAcknowledgeInput = z.object({ id });

export type AlertListInput = z.output<typeof alertListInput>;
