import { countUnreviewed, getReviewItem, listReviewItems, markReviewed } from "@tillsync/db";
import { reviewItemInput, reviewListInput, reviewMarkInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { managerProcedure, router } from "../trpc";

/**
 * A manager's review of what the server flagged instead of refusing (DESIGN.md §7, §8): over-refunds,
 * refunds and pay-outs without a manager at the till, tenders that do not add up, a cashier removed
 * or unknown, rejected sales discarded without a manager. Owners, managers and manager keys only.
 */
export const reviewRouter = router({
  list: managerProcedure.input(reviewListInput).query(({ ctx, input }) => listReviewItems(ctx.prisma, ctx.principal.shopId, input)),
  count: managerProcedure.query(({ ctx }) => countUnreviewed(ctx.prisma, ctx.principal.shopId)),
  item: managerProcedure.input(reviewItemInput).query(({ ctx, input }) => getReviewItem(ctx.prisma, ctx.principal.shopId, input)),
  markReviewed: managerProcedure.input(reviewMarkInput).mutation(({ ctx, input }) => markReviewed(ctx.prisma, actorOf(ctx.principal), input)),
});
