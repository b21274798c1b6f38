"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@tillsync/api";
import { staffInviteInput, staffRoles, type StaffRole } from "@tillsync/validators";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";

import { ConfirmDialog } from "~/components/app/confirm-dialog";
import { CopyOnce } from "~/components/app/copy-once";
import { FormDialogFooter } from "~/components/app/form-dialog-footer";
import { PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input, NativeSelect } from "~/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { messageOf, setApiErrors } from "~/lib/api-error";
import { authClient } from "~/lib/auth-client";
import { formatInstant } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type Member = RouterOutputs["staff"]["list"]["members"][number];

const roleInfo: Record<StaffRole, { label: string; can: string }> = {
  owner: { label: "Owner", can: "everything, including staff, devices and shop settings" },
  manager: { label: "Manager", can: "products, stock, refunds, alerts and reports" },
  cashier: { label: "Cashier", can: "sells and looks up products and sales" },
};

export function StaffView() {
  const trpc = useTRPC();
  const { shop } = useShop();
  const session = authClient.useSession();
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const staff = useQuery(trpc.staff.list.queryOptions());

  return (
    <>
      <PageHeader
        title="Staff"
        description="Who can sign in to your shop, and what each role may do."
        actions={
          <Button onClick={() => setInviting(true)}>
            <UserPlus /> Invite
          </Button>
        }
      />
      <ul className="mb-6 grid gap-2 text-sm text-muted-foreground md:grid-cols-3">
        {staffRoles.map((role) => (
          <li key={role} className="rounded-lg border bg-card p-3">
            <span className="font-medium text-foreground">{roleInfo[role].label}</span>: {roleInfo[role].can}
          </li>
        ))}
      </ul>
      {staff.isPending ? (
        <LoadingRows />
      ) : staff.isError ? (
        <QueryError error={staff.error} retry={() => void staff.refetch()} />
      ) : (
        <>
          <div className="rounded-xl border bg-card">
            <Table>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead className="hidden md:table-cell">Email</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead className="text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {staff.data.members.map((member) => (
                  <MemberRow key={member.userId} member={member} isYou={member.userId === session.data?.user.id} onRemove={() => setRemoving(member)} />
                ))}
              </TableBody>
            </Table>
          </div>
          {staff.data.invites.length > 0 ? (
            <Card className="mt-6">
              <CardHeader>
                <CardTitle>Pending invitations</CardTitle>
                <CardDescription>Waiting for the invitee to choose a password.</CardDescription>
              </CardHeader>
              <CardContent>
                <ul className="grid gap-2 text-sm">
                  {staff.data.invites.map((invite) => (
                    <li key={invite.id} className="flex flex-wrap items-center justify-between gap-2">
                      <span className="font-medium">{invite.email}</span>
                      <span className="flex items-center gap-2 text-muted-foreground">
                        <Badge variant="outline">{roleInfo[invite.role].label}</Badge>
                        expires {formatInstant(invite.expiresAt, shop.timezone)}
                      </span>
                    </li>
                  ))}
                </ul>
              </CardContent>
            </Card>
          ) : null}
        </>
      )}
      <Dialog open={inviting} onOpenChange={setInviting}>
        <DialogContent>{inviting ? <InviteForm onDone={() => setInviting(false)} /> : null}</DialogContent>
      </Dialog>
      <RemoveDialog member={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

const rank: Record<StaffRole, number> = { cashier: 0, manager: 1, owner: 2 };
const withArticle = (role: StaffRole) => `${role === "owner" ? "an" : "a"} ${roleInfo[role].label.toLowerCase()}`;

/** What each role may do, as the end of "… can then …". */
const roleCan: Record<StaffRole, string> = {
  owner: "do everything, staff, devices and shop settings included",
  manager: "manage products, stock, refunds, alerts and reports",
  cashier: "sell and look up products and sales",
};

/** What a role change means for the member, said before it is made. */
function roleChangeText(member: Member, role: StaffRole, isYou: boolean) {
  const can = `${isYou ? "You" : member.name} can then ${roleCan[role]}.`;
  if (rank[role] >= rank[member.role]) return can;
  const lost = [member.role === "owner" ? "staff, devices and shop settings" : null, role === "cashier" ? "products, stock, refunds, alerts and reports" : null]
    .filter(Boolean)
    .join(", and ");
  return `${can} ${isYou ? "You" : "They"} lose ${lost} at once${isYou ? ", and only an owner can give them back" : ""}.`;
}

function MemberRow({ member, isYou, onRemove }: { member: Member; isYou: boolean; onRemove: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A role changes only once confirmed: a select changes with one arrow key, easily unnoticed.
  const [nextRole, setNextRole] = useState<StaffRole | null>(null);
  const setRole = useMutation(
    trpc.staff.setRole.mutationOptions({
      onSuccess: async (_data, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.staff.pathKey() });
        toast.success(`${member.name} is now ${roleInfo[input.role].label.toLowerCase()}`);
        setNextRole(null);
      },
      // LAST_OWNER: a shop always keeps one owner; the select stays on the stored role.
      onError: (error) => {
        toast.error(messageOf(error));
        setNextRole(null);
      },
    }),
  );
  return (
    <TableRow>
      <TableCell className="font-medium">
        {member.name} {isYou ? <span className="text-muted-foreground">(you)</span> : null}
        <span className="block text-xs font-normal break-all text-muted-foreground md:hidden">{member.email}</span>
      </TableCell>
      <TableCell className="hidden md:table-cell">{member.email}</TableCell>
      <TableCell>
        <NativeSelect
          aria-label={`Role of ${member.name}`}
          className="h-9 w-28 md:w-36"
          value={member.role}
          disabled={setRole.isPending}
          // Stays on the stored role until the change is confirmed.
          onChange={(e) => setNextRole(e.target.value as StaffRole)}
        >
          {staffRoles.map((role) => (
            <option key={role} value={role}>
              {roleInfo[role].label}
            </option>
          ))}
        </NativeSelect>
      </TableCell>
      <TableCell className="text-right">
        <Button variant="outline" size="sm" onClick={onRemove}>
          Remove
        </Button>
        <ConfirmDialog
          open={nextRole !== null}
          title={nextRole ? `Make ${isYou ? "yourself" : member.name} ${withArticle(nextRole)}?` : ""}
          description={nextRole ? roleChangeText(member, nextRole, isYou) : ""}
          confirmLabel={nextRole ? `Make ${roleInfo[nextRole].label.toLowerCase()}` : ""}
          tone={nextRole && rank[nextRole] >= rank[member.role] ? "default" : "destructive"}
          busy={setRole.isPending}
          onConfirm={() => nextRole && setRole.mutate({ userId: member.userId, role: nextRole })}
          onClose={() => setNextRole(null)}
        />
      </TableCell>
    </TableRow>
  );
}

function InviteForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invite = useMutation(trpc.staff.invite.mutationOptions());
  const form = useForm({ resolver: zodResolver(staffInviteInput), defaultValues: { email: "", role: "cashier" as StaffRole } });
  const { errors, isSubmitting } = form.formState;
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const { invite: created, token } = await invite.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.staff.pathKey() });
      setLink({ email: created.email, url: `${window.location.origin}/accept-invite?token=${encodeURIComponent(token)}` });
    } catch (error) {
      setApiErrors(error, form.setError, { EMAIL_TAKEN: "email" });
    }
  });

  if (link) {
    return (
      <div className="grid gap-4">
        <DialogHeader>
          <DialogTitle>Invitation for {link.email}</DialogTitle>
          <DialogDescription>Send this link to them; they choose their name and password there.</DialogDescription>
        </DialogHeader>
        <CopyOnce value={link.url} label="invitation link" />
        <DialogFooter>
          <Button onClick={onDone}>Done</Button>
        </DialogFooter>
      </div>
    );
  }

  return (
    <Form onSubmit={onSubmit} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Invite a member of staff</DialogTitle>
      </DialogHeader>
      <FormError message={errors.root?.server?.message} />
      <Field label="Email" htmlFor="email" error={errors.email?.message}>
        <Input id="email" type="email" autoFocus aria-invalid={!!errors.email} {...form.register("email")} />
      </Field>
      <Field label="Role" htmlFor="role" error={errors.role?.message}>
        <NativeSelect id="role" {...form.register("role")}>
          {staffRoles.map((role) => (
            <option key={role} value={role}>
              {roleInfo[role].label}: {roleInfo[role].can}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <FormDialogFooter label="Create invitation" pendingLabel="Inviting…" submitting={isSubmitting} onCancel={onDone} />
    </Form>
  );
}

function RemoveDialog({ member, onClose }: { member: Member | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.staff.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.staff.pathKey() });
        toast.success(`${member?.name ?? "Member"} removed`);
        onClose();
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  return (
    <ConfirmDialog
      open={member !== null}
      title={`Remove ${member?.name ?? ""}?`}
      description="They are signed out everywhere at once. The sales they made stay in the records."
      confirmLabel="Remove"
      busy={remove.isPending}
      onConfirm={() => member && remove.mutate({ userId: member.userId })}
      onClose={onClose}
    />
  );
}
