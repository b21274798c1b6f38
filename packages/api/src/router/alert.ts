import { acknowledgeAlert, listAlerts } from "@tillsync/db";
import { alertAcknowledgeInput, alertListInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { managerProcedure, router } from "../trpc";

export const alertRouter = router({
  list: managerProcedure.input(alertListInput).query(({ ctx, input }) => listAlerts(ctx.prisma, ctx.principal.shopId, input)),
  acknowledge: managerProcedure.input(alertAcknowledgeInput).mutation(({ ctx, input }) => acknowledgeAlert(ctx.prisma, actorOf(ctx.principal), input.id)),
});
