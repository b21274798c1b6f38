import { drawerCashUp, getDrawerSession, listDrawerSessions, recordDrawerEvent } from "@tillsync/db";
import { cashUpInput, drawerEventInput, drawerListInput, drawerSessionInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { managerProcedure, router, shopProcedure } from "../trpc";

/** Drawer sessions (DESIGN.md §8): events recorded exactly once (also through sale.sync), X/Z reports, the day's cash-up. */
export const drawerRouter = router({
  record: shopProcedure.input(drawerEventInput).mutation(({ ctx, input }) => recordDrawerEvent(ctx.prisma, actorOf(ctx.principal), input)),
  /** The session's X report (open) or Z report with its amendment (closed). */
  session: shopProcedure.input(drawerSessionInput).query(({ ctx, input }) => getDrawerSession(ctx.prisma, ctx.principal.shopId, input.sessionId)),
  list: shopProcedure.input(drawerListInput).query(({ ctx, input }) => listDrawerSessions(ctx.prisma, ctx.principal.shopId, input)),
  cashUp: managerProcedure.input(cashUpInput).query(({ ctx, input }) => drawerCashUp(ctx.prisma, ctx.principal.shopId, input)),
});
