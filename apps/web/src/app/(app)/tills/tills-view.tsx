"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@tillsync/api";
import { canAdminister, tillCreateInput, type TillDTO } from "@tillsync/validators";
import { Monitor, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { ConfirmDialog } from "~/components/app/confirm-dialog";
import { FormDialogFooter } from "~/components/app/form-dialog-footer";
import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { CheckboxField } from "~/components/ui/checkbox-field";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input, NativeSelect } from "~/components/ui/input";
import { stackedOnPhone, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { messageOf, setApiErrors } from "~/lib/api-error";
import { formatInstant } from "~/lib/format";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

type ApiKey = RouterOutputs["apiKey"]["list"][number];

/**
 * The shop's tills (DESIGN.md §8), for managers: create one (name and receipt series code),
 * rename it, bind or unbind a till's device API key, set its receipt printing (§9: a receipt
 * after each Charge, 58 or 80 mm paper; the till learns it when it is picked), archive it. Only owners see the shop's
 * API keys (apiKey.list), so a manager sees whether a key is bound and may unbind it.
 */
export function TillsView() {
  const trpc = useTRPC();
  const { shop, principal } = useShop();
  const [editing, setEditing] = useState<TillDTO | "new" | null>(null);
  const tills = useQuery(trpc.till.list.queryOptions());
  const owner = canAdminister(principal.role);
  const keys = useQuery({ ...trpc.apiKey.list.queryOptions(), enabled: owner });
  const keyName = (id: number | null) => (id === null ? "—" : (keys.data?.find((key) => key.id === id)?.name ?? "A device key"));

  return (
    <>
      <PageHeader
        title="Tills"
        description="Each register of the shop. A browser becomes a till when someone opens Sell and picks it; its receipts are numbered with the till’s series code."
        actions={
          <Button onClick={() => setEditing("new")}>
            <Plus /> New till
          </Button>
        }
      />
      {tills.isPending ? (
        <LoadingRows />
      ) : tills.isError ? (
        <QueryError error={tills.error} retry={() => void tills.refetch()} />
      ) : tills.data.length === 0 ? (
        <EmptyState title="No tills yet">Create one for each register, then pick it on the Sell page of that device.</EmptyState>
      ) : (
        <div className="rounded-xl border bg-card">
          <Table className={stackedOnPhone.table}>
            <TableHeader className={stackedOnPhone.head}>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Series</TableHead>
                <TableHead>Device key</TableHead>
                <TableHead className="hidden md:table-cell">Receipts</TableHead>
                <TableHead className="hidden md:table-cell">In use since</TableHead>
                <TableHead className="text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tills.data.map((till) => (
                <TableRow key={till.id} className={cn(stackedOnPhone.row, till.archivedAt && "text-muted-foreground")}>
                  <TableCell className="font-medium max-md:block max-md:py-1 max-md:[overflow-wrap:anywhere]">
                    <span className="flex items-center gap-2">
                      <Monitor className="size-4 text-muted-foreground" />
                      {till.name}
                      {till.archivedAt ? <Badge variant="outline">Archived</Badge> : null}
                    </span>
                  </TableCell>
                  <TableCell data-label="Series" className={cn("font-mono", stackedOnPhone.cell)}>
                    {till.series}
                  </TableCell>
                  <TableCell data-label="Device key" className={stackedOnPhone.cell}>
                    {keyName(till.apiKeyId)}
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">
                    {till.paperWidth} mm · {till.printReceipt ? "printed after Charge" : "printed on request"}
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">
                    {till.claimedAt ? formatInstant(till.claimedAt, shop.timezone) : "Not picked yet"}
                  </TableCell>
                  <TableCell className="text-right max-md:block max-md:py-1">
                    <span className="inline-flex flex-wrap justify-end gap-2">
                      <Button variant="ghost" size="sm" asChild>
                        <Link href={`/cash-up?till=${till.id}`}>Cash-up</Link>
                      </Button>
                      <Button variant="outline" size="sm" onClick={() => setEditing(till)} aria-label={`Edit ${till.name}`}>
                        Edit
                      </Button>
                      <ArchiveButton till={till} />
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        <DialogContent>
          {editing !== null ? (
            <TillForm
              key={editing === "new" ? "new" : editing.id}
              till={editing === "new" ? null : editing}
              keys={owner ? keys.data : undefined}
              onDone={() => setEditing(null)}
            />
          ) : null}
        </DialogContent>
      </Dialog>
    </>
  );
}

/** The form's values: the key is a select's string ("" for none), turned into an id or null. */
const tillForm = tillCreateInput.extend({ apiKeyId: z.string(), printReceipt: z.boolean(), paperWidth: z.enum(["58", "80"]) });

function TillForm({ till, keys, onDone }: { till: TillDTO | null; keys: ApiKey[] | undefined; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.till.create.mutationOptions());
  const update = useMutation(trpc.till.update.mutationOptions());
  const form = useForm({
    resolver: zodResolver(tillForm),
    defaultValues: {
      name: till?.name ?? "",
      series: till?.series ?? "",
      apiKeyId: till?.apiKeyId ? String(till.apiKeyId) : "",
      printReceipt: till?.printReceipt ?? false,
      paperWidth: till?.paperWidth === 58 ? ("58" as const) : ("80" as const),
    },
  });
  const { errors, isSubmitting } = form.formState;
  const deviceKeys = keys?.filter((key) => key.role === "device" && (!key.revokedAt || key.id === till?.apiKeyId)) ?? [];

  const onSubmit = form.handleSubmit(async (values) => {
    const apiKeyId = values.apiKeyId === "" ? null : Number(values.apiKeyId);
    const receipts = { printReceipt: values.printReceipt, paperWidth: values.paperWidth === "58" ? (58 as const) : (80 as const) };
    try {
      if (till) {
        // A manager who cannot see the keys only ever unbinds (the select offers nothing else).
        await update.mutateAsync({
          id: till.id,
          name: values.name,
          series: values.series,
          apiKeyId: keys || apiKeyId === null ? apiKeyId : undefined,
          ...receipts,
        });
      } else {
        await create.mutateAsync({ name: values.name, series: values.series, apiKeyId, ...receipts });
      }
      await queryClient.invalidateQueries({ queryKey: trpc.till.pathKey() });
      toast.success(till ? `${values.name} saved` : `Till ${values.name} created`);
      onDone();
    } catch (error) {
      setApiErrors(error, form.setError, { TILL_SERIES_TAKEN: "series", NOT_FOUND: "apiKeyId" });
    }
  });

  /** The receipt prefix as typed so far (till.create upper-cases it). */
  const series = (form.watch("series") || "A").toUpperCase();
  return (
    <Form onSubmit={onSubmit} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{till ? `Edit ${till.name}` : "New till"}</DialogTitle>
        <DialogDescription>
          Receipts from this till are numbered like {series}-1, {series}-2, …
        </DialogDescription>
      </DialogHeader>
      <FormError message={errors.root?.server?.message} />
      <Field label="Name" htmlFor="till-name" error={errors.name?.message} hint="e.g. Front counter">
        <Input id="till-name" autoFocus aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <Field label="Series code" htmlFor="till-series" error={errors.series?.message} hint="1 to 8 letters or digits, different for each till">
        <Input id="till-series" maxLength={8} className="uppercase" aria-invalid={!!errors.series} {...form.register("series")} />
      </Field>
      <Field
        label="Device key"
        htmlFor="till-key"
        error={errors.apiKeyId?.message}
        hint={keys ? "A till device that signs in with an API key records its sales on this till." : "Only the owner can bind a key; you can unbind it."}
      >
        <NativeSelect id="till-key" {...form.register("apiKeyId")}>
          <option value="">None</option>
          {keys ? (
            deviceKeys.map((key) => (
              <option key={key.id} value={String(key.id)}>
                {key.name}
              </option>
            ))
          ) : till?.apiKeyId ? (
            <option value={String(till.apiKeyId)}>Keep the bound key</option>
          ) : null}
        </NativeSelect>
      </Field>
      <Field label="Receipt paper" htmlFor="till-paper" hint="The width of the till printer’s roll">
        <NativeSelect id="till-paper" {...form.register("paperWidth")}>
          <option value="80">80 mm</option>
          <option value="58">58 mm</option>
        </NativeSelect>
      </Field>
      <CheckboxField
        id="till-print"
        label="Print a receipt after Charge"
        description="Otherwise the cashier prints one with “Print receipt”. A till already in use picks the change up when it is picked again."
        {...form.register("printReceipt")}
      />
      <FormDialogFooter label={till ? "Save" : "Create till"} pendingLabel="Saving…" submitting={isSubmitting} onCancel={onDone} />
    </Form>
  );
}

/** Archive (asked first: the browser using the till loses it) or restore (at once) a till. */
function ArchiveButton({ till }: { till: TillDTO }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const update = useMutation(
    trpc.till.update.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.till.pathKey() });
        toast.success(saved.archivedAt ? `${saved.name} archived: it can no longer be picked at a till` : `${saved.name} is back in use`);
        setConfirming(false);
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  return (
    <>
      <Button
        variant="outline"
        size="sm"
        busy={update.isPending}
        onClick={() => (till.archivedAt ? update.mutate({ id: till.id, archived: false }) : setConfirming(true))}
      >
        {till.archivedAt ? "Restore" : "Archive"}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Archive ${till.name}?`}
        description="It can no longer be picked at a till, and the browser using it stops being that till when it next checks in. Its sales, drawer sessions and Z reports stay, and you can restore it here."
        confirmLabel="Archive till"
        busy={update.isPending}
        onConfirm={() => update.mutate({ id: till.id, archived: true })}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
