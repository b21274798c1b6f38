"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@tillsync/api";
import { apiKeyCreateInput } from "@tillsync/validators";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";

import { ConfirmDialog } from "~/components/app/confirm-dialog";
import { CopyOnce } from "~/components/app/copy-once";
import { FormDialogFooter } from "~/components/app/form-dialog-footer";
import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input, NativeSelect } from "~/components/ui/input";
import { stackedOnPhone, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { messageOf, setApiErrors } from "~/lib/api-error";
import { formatInstant } from "~/lib/format";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

type ApiKey = RouterOutputs["apiKey"]["list"][number];

const roleText = {
  device: "Till: sells and reads products",
  manager: "Internal tool: manager rights (stock, reports)",
} as const;

export function DevicesView() {
  const trpc = useTRPC();
  const { shop } = useShop();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery(trpc.apiKey.list.queryOptions());

  return (
    <>
      <PageHeader
        title="Devices"
        description="POS devices, scripts and internal tools call the API with a key; a till in the browser (Sell) needs none, staff sign in there. Revoke a key when a device is lost or retired."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus /> New API key
          </Button>
        }
      />
      {keys.isPending ? (
        <LoadingRows />
      ) : keys.isError ? (
        <QueryError error={keys.error} retry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No devices yet">
          Create a key for each POS device or script that calls the API, and put it in that device’s or script’s configuration. Browser tills need none.
        </EmptyState>
      ) : (
        <div className="rounded-xl border bg-card">
          <Table className={stackedOnPhone.table}>
            <TableHeader className={stackedOnPhone.head}>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead className="hidden md:table-cell">Key starts with</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead className="text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data.map((key) => (
                <TableRow key={key.id} className={cn(stackedOnPhone.row, key.revokedAt && "text-muted-foreground")}>
                  <TableCell data-label="Name" className={cn("font-medium", stackedOnPhone.cell)}>
                    <span className="flex flex-wrap items-center gap-2 max-md:justify-end">
                      <KeyRound className="size-4 text-muted-foreground" />
                      {key.name}
                      {key.revokedAt ? <Badge variant="outline">Revoked</Badge> : null}
                    </span>
                  </TableCell>
                  <TableCell data-label="Kind" className={stackedOnPhone.cell}>
                    {key.role === "manager" ? "Internal tool" : "Till"}
                  </TableCell>
                  <TableCell className="hidden font-mono text-xs md:table-cell">{key.keyPrefix}…</TableCell>
                  <TableCell data-label="Last used" className={cn("md:whitespace-nowrap", stackedOnPhone.cell)}>
                    {key.lastUsedAt ? formatInstant(key.lastUsedAt, shop.timezone) : "Never"}
                  </TableCell>
                  <TableCell className="text-right max-md:block max-md:py-1">
                    {key.revokedAt ? (
                      <span className="text-xs">{formatInstant(key.revokedAt, shop.timezone, "d MMM yyyy")}</span>
                    ) : (
                      <Button variant="outline" size="sm" onClick={() => setRevoking(key)}>
                        Revoke
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <Dialog open={creating} onOpenChange={setCreating}>
        <DialogContent>{creating ? <CreateKeyForm onDone={() => setCreating(false)} /> : null}</DialogContent>
      </Dialog>
      <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}

function CreateKeyForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.apiKey.create.mutationOptions());
  const form = useForm({ resolver: zodResolver(apiKeyCreateInput), defaultValues: { name: "", role: "device" as const } });
  const { errors, isSubmitting } = form.formState;
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const key = await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.apiKey.pathKey() });
      setCreated({ name: key.name, key: key.key });
    } catch (error) {
      setApiErrors(error, form.setError);
    }
  });

  if (created) {
    return (
      <div className="grid gap-4">
        <DialogHeader>
          <DialogTitle>Key for {created.name}</DialogTitle>
          <DialogDescription>Put this key in the configuration of the device or script that will use it.</DialogDescription>
        </DialogHeader>
        <CopyOnce value={created.key} label="API key" />
        <DialogFooter>
          <Button onClick={onDone}>Done</Button>
        </DialogFooter>
      </div>
    );
  }

  return (
    <Form onSubmit={onSubmit} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>New API key</DialogTitle>
        <DialogDescription>One key per device, so each can be revoked on its own and its sales show its name.</DialogDescription>
      </DialogHeader>
      <FormError message={errors.root?.server?.message} />
      <Field label="Name" htmlFor="name" error={errors.name?.message} hint="e.g. pos-02, or stock-report-job">
        <Input id="name" autoFocus aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <Field label="Kind" htmlFor="role" error={errors.role?.message}>
        <NativeSelect id="role" {...form.register("role")}>
          <option value="device">{roleText.device}</option>
          <option value="manager">{roleText.manager}</option>
        </NativeSelect>
      </Field>
      <FormDialogFooter label="Create key" pendingLabel="Creating…" submitting={isSubmitting} onCancel={onDone} />
    </Form>
  );
}

function RevokeDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKey.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKey.pathKey() });
        toast.success(`${apiKey?.name ?? "Key"} revoked`);
        onClose();
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  return (
    <ConfirmDialog
      open={apiKey !== null}
      title={`Revoke ${apiKey?.name ?? ""}?`}
      description="The device is refused from its next request on. Sales still queued on it will not sync until it gets a new key; sales already synced stay."
      confirmLabel="Revoke key"
      busy={revoke.isPending}
      onConfirm={() => apiKey && revoke.mutate({ id: apiKey.id })}
      onClose={onClose}
    />
  );
}
