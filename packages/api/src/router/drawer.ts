import { drawerCashUp, getDrawerSession, listDrawerSessions, recordDrawerEvent } from "@tillsync/db";
import { cashUpInput, drawerEventInput, drawerListInput, drawerSessionInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { fromStandby, managerProcedure, router, shopProcedure } from "../trpc";

/** Drawer sessions (DESIGN.md §8): events recorded exactly once (also through sale.sync), X/Z reports, the day's cash-up. */
export const drawerRouter = router({
  record: shopProcedure.input(drawerEventInput).mutation(({ ctx, input }) => recordDrawerEvent(ctx.prisma, actorOf(ctx.principal), input)),
  /**
   * The session's X report (open) or Z report with its amendment (closed). Read on the primary,
   * as `list` is: a till prints them right after recording its own events.
   */
  session: shopProcedure.input(drawerSessionInput).query(({ ctx, input }) => getDrawerSession(ctx.prisma, ctx.principal.shopId, input.sessionId)),
  list: shopProcedure.input(drawerListInput).query(({ ctx, input }) => listDrawerSessions(ctx.prisma, ctx.principal.shopId, input)),
  /**
   * The day's cash-up for managers, read on the standby when there is one (DESIGN.md §10): a
   * report of what the tills synced, which nothing writes after; the answer carries `freshness`.
   */
  cashUp: managerProcedure.input(cashUpInput).query(({ ctx, input }) => fromStandby(ctx, (db) => drawerCashUp(db, ctx.principal.shopId, input))),
});
