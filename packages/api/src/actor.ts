import type { Actor } from "@tillsync/db";

import type { Principal } from "./principal";

export const actorOf = (principal: Principal): Actor => ({
  shopId: principal.shopId,
  userId: principal.userId ?? null,
  apiKeyId: principal.apiKeyId ?? null,
});
