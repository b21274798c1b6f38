import { inviteStaff, listStaff, removeStaff, setStaffRole } from "@tillsync/db";
import { staffInviteInput, staffRemoveInput, staffSetRoleInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { ownerProcedure, router } from "../trpc";

export const staffRouter = router({
  /** Members and pending invitations. */
  list: ownerProcedure.query(({ ctx }) => listStaff(ctx.prisma, ctx.principal.shopId)),
  /** Returns the invitation token once; the invitee accepts it at POST /api/auth/invite/accept. */
  invite: ownerProcedure.input(staffInviteInput).mutation(({ ctx, input }) => inviteStaff(ctx.prisma, actorOf(ctx.principal), input)),
  remove: ownerProcedure.input(staffRemoveInput).mutation(({ ctx, input }) => removeStaff(ctx.prisma, actorOf(ctx.principal), input.userId)),
  setRole: ownerProcedure.input(staffSetRoleInput).mutation(({ ctx, input }) => setStaffRole(ctx.prisma, actorOf(ctx.principal), input.userId, input.role)),
});
