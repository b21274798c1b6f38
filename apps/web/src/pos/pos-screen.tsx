"use client";

import { SerwistProvider } from "@serwist/turbopack/react";
import { ChevronDown, CircleCheck, LogOut, ShieldAlert, Minus, PackagePlus, Plus, Search, ShoppingCart, Trash2, Wifi, WifiOff } from "lucide-react";
import Link from "./till-link";
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type MouseEvent } from "react";
import {
  canManage,
  D,
  MAX_AMOUNT_TEXT,
  MAX_AMOUNT_WORDS,
  TILL_RETENTION_DAYS,
  type CashRoundingIncrement,
  type ScanPrefixRule,
  type TenderInputRaw,
} from "@tillsync/validators";

import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DecimalInput } from "~/components/ui/decimal-input";
import { Input } from "~/components/ui/input";
import { Kbd } from "~/components/ui/kbd";
import { env } from "./env";
import { formatMoney, formatQuantity, setShopLocale } from "~/lib/format";
import { adminHomeFor } from "~/lib/home";
import { cn } from "~/lib/utils";

import { CameraScanner } from "./camera-scanner";
import { keepCart, keptCart, keptCartKey } from "./kept-cart";
import { addToCart, cartTotal, lineTotal, quantityError, removeLine, setLineQuantity, stepLine, toSaleInput, type CartLine } from "./cart";
import type { NewProduct, NewProductDraft } from "./item-dialogs";
import { DrawerPanel } from "./drawer-panel";
import { deviceLabel, type PosProduct, type PosSession } from "./local-store";
import { openSession } from "./money";
import { useStockLeft } from "./pending-stock";
import { ProductGrid } from "./product-grid";
import { queueNumberedSale } from "./till-numbers";
import { useScanToAdd } from "./scan-to-add";
import { useKeyboardWedge } from "./scan-wedge";
import { SignedOut } from "./signed-out";
import { SyncPanel } from "./sync-panel";
import { usePosData } from "./use-pos-data";
import { usePosSync } from "./use-pos-sync";
import { TillBar } from "./till-bar";
import { TILL_KEYS, useTillShortcuts } from "./till-keys";
import { useTillReceipt } from "./till-receipt";
import { usePosTill } from "./use-pos-till";
import { lazyDialog } from "~/components/app/lazy-dialog";
import { notify, TillToasts } from "./notify";
import { storageMessage } from "./storage-error";

// Dialogs the till does not show when it opens: their code is fetched after the first paint (lazy-dialog.tsx).
const PaymentDialog = lazyDialog(
  () => import("./payment-dialog").then((module) => module.PaymentDialog),
  (props) => props.open,
);
const RefundDialog = lazyDialog(
  () => import("./refund-dialog").then((module) => module.RefundDialog),
  (props) => props.open,
);
const SignOutDialog = lazyDialog(
  () => import("./sign-out-dialog").then((module) => module.SignOutDialog),
  (props) => props.open,
);
const PriceDialog = lazyDialog(
  () => import("./item-dialogs").then((module) => module.PriceDialog),
  (props) => props.product !== null,
);
const NewProductDialog = lazyDialog(
  () => import("./item-dialogs").then((module) => module.NewProductDialog),
  (props) => props.open,
);

const subscribeOnline = (onChange: () => void) => {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
};
const useOnline = () =>
  useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
const never = () => () => undefined;
/**
 * False on plain http from a name other than localhost (a tablet opening http://<pc-name>:3000):
 * no service worker, Web Locks, crypto.randomUUID or persistent storage there.
 */
const useSecureContext = () =>
  useSyncExternalStore(
    never,
    () => window.isSecureContext,
    () => true,
  );

/** The sell screen (DESIGN.md §5): works with no network once the till has been signed in. */
export function PosScreen() {
  const { state, catalogue, productNames, catalogueError, refreshCatalogue, createLocalProduct, signOut } = usePosData();
  const secure = useSecureContext();
  return (
    // The service worker makes /pos open offline; in development it stays off (no precache
    // there), and a page that is not a secure context has none to register.
    <SerwistProvider swUrl="/serwist/sw.js" disable={env.NODE_ENV === "development" || !secure} reloadOnOnline={false} cacheOnNavigation={false}>
      {state.kind === "loading" ? (
        <p className="flex min-h-dvh items-center justify-center text-muted-foreground">Opening the till…</p>
      ) : state.kind === "signed-out" ? (
        <SignedOut offline={state.offline} />
      ) : (
        <Till
          session={state.session}
          secure={secure}
          catalogue={catalogue}
          productNames={productNames}
          catalogueError={catalogueError}
          refreshCatalogue={refreshCatalogue}
          createLocalProduct={createLocalProduct}
          signOut={signOut}
        />
      )}
      <TillToasts />
    </SerwistProvider>
  );
}

interface TillProps {
  session: PosSession;
  secure: boolean;
  catalogue: PosProduct[];
  productNames: ReadonlyMap<number, string>;
  catalogueError: string | null;
  refreshCatalogue: () => Promise<void>;
  createLocalProduct: (product: NewProduct) => Promise<PosProduct>;
  signOut: () => Promise<void>;
}

function Till({ session, secure, catalogue, productNames, catalogueError, refreshCatalogue, createLocalProduct, signOut }: TillProps) {
  const { shop, principal } = session;
  // The till's screens format in the shop's locale (issue 21); an offline copy from before it has none.
  const shopLocale = (shop as { locale?: string | null }).locale;
  setShopLocale(shopLocale);
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  const online = useOnline();
  // The shop's money and till settings (DESIGN.md §8, shop.current); absent from a server before them.
  const settings = shop as {
    cashRounding?: CashRoundingIncrement | null;
    tenderLabels?: string[] | null;
    payoutReviewAbove?: string | null;
    scanPrefixes?: ScanPrefixRule[] | null;
    tillRetentionDays?: number;
  };
  const retentionDays = settings.tillRetentionDays ?? TILL_RETENTION_DAYS.default;
  const sync = usePosSync(shop.id, retentionDays);
  // The sale in progress survives a reload of the till (kept-cart.ts); Till renders in the browser only.
  const cartKey = keptCartKey(shop.id, principal.userId ?? "");
  const [lines, setLines] = useState<CartLine[]>(() => keptCart(cartKey));
  useEffect(() => keepCart(cartKey, lines), [cartKey, lines]);
  const [search, setSearch] = useState("");
  /** The volatile product whose price is asked, with the quantity to pre-fill (a scale label's weight). */
  const [priceFor, setPriceFor] = useState<{ product: PosProduct; quantity?: string } | null>(null);
  const [creating, setCreating] = useState(false);
  /** What a scanned code no product has pre-fills in the new-product dialog. */
  const [draft, setDraft] = useState<NewProductDraft | null>(null);
  const [charging, setCharging] = useState(false);
  const chargingRef = useRef(false);
  const [lastSale, setLastSale] = useState<{ total: string; change: string } | null>(null);
  /** The payment step of the sale being charged (a new key per charge: a fresh dialog). */
  const [paying, setPaying] = useState<number | null>(null);
  const [refunding, setRefunding] = useState(false);
  /** Below `md` the cart is a sheet over the products, opened from the sticky cart bar. */
  const [cartOpen, setCartOpen] = useState(false);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- formatMoney writes in the shop's locale (setShopLocale above): a new one is a new function
  const money = useCallback((amount: string) => formatMoney(amount, shop.currency), [shop.currency, shopLocale]);
  const till = usePosTill(shop.id, online);
  const claim = till.claim && !till.lost ? till.claim : null;
  const drawerSession = useMemo(() => (claim ? openSession(sync.entries, claim) : null), [claim, sync.entries]);
  const increment = settings.cashRounding ?? null;
  const labels = settings.tenderLabels ?? [];
  const manager = canManage(principal.role);
  /** Where a sale or refund rung up now belongs: this till and its open drawer session. */
  const placed = () => ({ ...(claim ? { tillId: claim.tillId } : {}), ...(drawerSession ? { drawerSessionId: drawerSession.sessionId } : {}) });
  /** The last sale's receipt (DESIGN.md §9): printed after Charge when the till is set to. */
  const receipt = useTillReceipt({ ...shop, cashRounding: increment }, claim);

  // Newly synced sales change stock and may have created products: fetch the catalogue again.
  // Not for the count first read from the outbox: opening the till pulls already (use-pos-data.ts),
  // and a second pull on top of it cost a product.changes call on every open.
  const synced = sync.status?.synced;
  const syncedBefore = useRef<number | undefined>(undefined);
  useEffect(() => {
    const before = syncedBefore.current;
    syncedBefore.current = synced;
    if (before !== undefined && synced !== undefined && synced > before) void refreshCatalogue();
  }, [synced, refreshCatalogue]);

  /** The catalogue less what pending sales took, in catalogue order; a sale gives new objects to the products it sold only (pending-stock.ts). */
  const stocked = useStockLeft(catalogue, sync.pendingStock, sync.stockVersion);
  /**
   * Each product's name and SKU in lower case, made once per catalogue instead of once per
   * product per keystroke, and not again after each sale (`stocked[i]` is `catalogue[i]`).
   */
  const searchable = useMemo(() => catalogue.map((product) => `${product.name}\n${product.sku ?? ""}`.toLowerCase()), [catalogue]);
  const shown = useMemo(() => {
    const term = search.trim().toLowerCase();
    if (!term) return stocked;
    return stocked.filter((_, index) => searchable[index]!.includes(term));
  }, [stocked, searchable, search]);

  const invalid = lines.some((line) => quantityError(line.quantity) !== null);
  const total = cartTotal(lines.filter((line) => quantityError(line.quantity) === null));
  /** Items in the cart, weighed lines counting as one each (the cart bar's count). */
  const itemCount = lines.reduce(
    (count, line) => count + (quantityError(line.quantity) === null && Number.isInteger(Number(line.quantity)) ? Number(line.quantity) : 1),
    0,
  );
  /** The product tapped last, named in the cart bar so a tap on a phone visibly adds it. */
  const [lastAdded, setLastAdded] = useState<string | null>(null);

  // add, pick and money keep their identity across renders (state setters only; the shop's
  // currency and locale): the product tiles are memoised on them and re-render only when their
  // product changes, not on every render of the till (a sale, a sync, a tick of the clock).
  const add = useCallback((product: PosProduct, price: string, quantity = "1", separate = false) => {
    setLines((current) => addToCart(current, product, price, quantity, separate));
    setLastSale(null);
    setLastAdded(product.name);
  }, []);

  const pick = useCallback(
    (product: PosProduct) => {
      if (product.isVolatile) setPriceFor({ product });
      else add(product, product.unitPrice);
    },
    [add],
  );

  function newProduct(prefill: NewProductDraft | null) {
    setDraft(prefill);
    setCreating(true);
  }

  // A barcode from the scanner (typed as keys) or the camera adds its product (DESIGN.md §9).
  const scan = useScanToAdd({
    catalogue: stocked,
    rules: settings.scanPrefixes ?? [],
    add,
    askPrice: (product, quantity) => setPriceFor({ product, quantity }),
    offerCreate: newProduct,
  });
  useKeyboardWedge(scan.onCode);

  const searchRef = useRef<HTMLInputElement>(null);
  /** Set when a sale is saved: the payment step then gives focus to the search box, ready for the next customer. */
  const nextSaleRef = useRef(false);
  // Beyond what a sale can hold (the server would reject it when it syncs, after the customer left): said now, before Charge.
  const tooLarge = !invalid && new D(total).gt(MAX_AMOUNT_TEXT);
  const canCharge = lines.length > 0 && !invalid && !tooLarge && !charging && sync.ready;
  useTillShortcuts({
    focusSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    charge: () => (canCharge ? charge() : undefined),
  });

  /**
   * A cart line is about to go (its Remove, or − at one): focus moves to the Remove button of the
   * line after it, else of the line before, else to the search box, rather than falling to <body>
   * with the removed button (WCAG 2.4.3).
   */
  const leaveLine = useCallback((row: HTMLElement) => {
    const neighbour = row.nextElementSibling ?? row.previousElementSibling;
    (neighbour?.querySelector<HTMLElement>("[data-remove-line]") ?? searchRef.current)?.focus();
  }, []);

  /** Enter in the search adds what it found: the product whose SKU is exactly what was typed, else the first one shown. */
  function addSearched() {
    const term = search.trim().toLowerCase();
    const match = term ? (shown.find((product) => product.sku?.toLowerCase() === term) ?? shown[0]) : undefined;
    if (!match) return;
    pick(match);
    setSearch("");
  }

  /** Charge opens the payment step; the sale is queued when the payment is confirmed. */
  function charge() {
    setPaying(Date.now());
  }

  async function pay(tenders: TenderInputRaw[], change: string) {
    // A second tap before the first one's render must not queue the sale twice.
    if (chargingRef.current) return;
    chargingRef.current = true;
    setCharging(true);
    try {
      // Who rang it up is captured now, not when it syncs (DESIGN.md §7); how it was paid and
      // which till and drawer session took the money travel with it (§8).
      const sale = { ...toSaleInput(lines, await deviceLabel(), principal.userId), tenders, ...placed() };
      // Durably in the outbox, with the till's next receipt number, before the cashier is told it is done.
      const queued = await queueNumberedSale(sync.enqueue, shop.id, claim, sale);
      // At once, not at the next render: a reload just after must not bring back a sale already queued.
      keepCart(cartKey, []);
      setLastSale({ total, change });
      nextSaleRef.current = true;
      setPaying(null);
      setLines([]);
      setLastAdded(null);
      setSearch("");
      setCartOpen(true);
      receipt.rungUp(
        queued,
        lines.map((line) => line.product.name),
      );
    } catch (error) {
      notify("error", `The sale was NOT saved: ${storageMessage(error)}`);
    } finally {
      chargingRef.current = false;
      setCharging(false);
    }
  }

  const unsent = sync.status?.pending ?? 0;
  /** Warns first when sales are waiting or the till is offline (DESIGN.md §5). */
  function askSignOut() {
    if (unsent > 0 || !online || !sync.ready) setConfirmSignOut(true);
    else void signOutForgettingCart();
  }
  /** A cashier who signs out leaves no sale in progress for the next one on this tab. */
  async function signOutForgettingCart() {
    keepCart(cartKey, []);
    await signOut();
  }

  return (
    <div className="flex min-h-dvh flex-col print:hidden">
      <header className="flex h-16 shrink-0 items-center justify-between gap-3 border-b bg-card px-4">
        <div className="flex min-w-0 items-center gap-3">
          {/* The way out of the till, to the staff's pages. */}
          <nav aria-label="Back office">
            <Link href={adminHomeFor(principal.role)} className="font-semibold tracking-tight">
              Tillsync
            </Link>
          </nav>
          <span className="truncate text-sm text-muted-foreground">
            {shop.name} · {principal.name}
          </span>
        </div>
        <div className="flex items-center gap-2">
          <Badge variant={online ? "secondary" : "warning"} className="h-8 px-3 text-sm" role="status">
            {online ? <Wifi className="size-4" /> : <WifiOff className="size-4" />}
            {online ? "Online" : "Offline"}
          </Badge>
          <Button variant="ghost" size="icon" className="size-11" onClick={askSignOut} aria-label="Sign out">
            <LogOut />
          </Button>
        </div>
      </header>
      {secure ? null : (
        <p role="note" className="flex items-start gap-2 border-b bg-warning/10 px-4 py-2 text-sm">
          <ShieldAlert className="mt-0.5 size-4 shrink-0" />
          <span>
            This till is not on a secure (https) address: it keeps selling and syncing, but it cannot reopen without a network, and the browser may clear its
            saved sales when storage runs low. Ask whoever set up the till to serve it over https (see “Tills on the shop’s network” in the operations guide).
          </span>
        </p>
      )}

      <TillBar till={till} online={online} />
      <main
        id="main-content"
        tabIndex={-1}
        // max-md:content-start: on a phone the rows are as tall as their content from the first paint; stretched to the
        // screen while the tiles loaded, the search row was 262 px, then 48 px, and the tiles jumped up (CLS 0.18).
        className="grid flex-1 gap-4 p-4 pb-24 max-md:content-start md:grid-cols-[minmax(0,1fr)_minmax(320px,400px)] md:grid-rows-[auto_1fr] md:pb-4"
      >
        <h1 className="sr-only">Sell</h1>
        {/* Search, then the cart and Charge, then the tiles: Tab reaches the sale before a catalogue of products (issue 21). */}
        <div role="search" className="flex gap-2 md:col-start-1 md:row-start-1">
          <div className="relative flex-1">
            <Search className="pointer-events-none absolute top-1/2 left-3 size-5 -translate-y-1/2 text-muted-foreground" />
            <Input
              ref={searchRef}
              type="search"
              aria-label="Search products"
              aria-keyshortcuts={TILL_KEYS.search.aria}
              placeholder="Name or SKU"
              className="h-12 pr-12 pl-10 text-lg md:text-lg"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key !== "Enter" || e.ctrlKey || e.metaKey) return;
                e.preventDefault();
                addSearched();
              }}
            />
            {search ? null : <Kbd className="absolute top-1/2 right-3 -translate-y-1/2 max-md:hidden">{TILL_KEYS.search.label}</Kbd>}
          </div>
          <Button variant="outline" className="h-12 text-base" onClick={() => newProduct(null)}>
            <PackagePlus /> <span className="max-sm:sr-only">New product</span>
          </Button>
          <CameraScanner onCode={scan.onCode} />
        </div>
        <aside
          id="till-cart"
          className={cn(
            "content-start gap-3 md:sticky md:top-4 md:col-start-2 md:row-span-2 md:row-start-1 md:grid md:self-start",
            // A phone: the cart is a sheet over the products, above the cart bar.
            cartOpen
              ? "grid max-md:fixed max-md:inset-x-0 max-md:top-16 max-md:bottom-0 max-md:z-40 max-md:overflow-y-auto max-md:bg-background max-md:p-4 max-md:pb-24"
              : "hidden",
          )}
        >
          <section aria-label="Current sale" className="grid gap-3 rounded-xl border bg-card p-3">
            <div className="flex items-center justify-between gap-2">
              <h2 className="font-semibold">Current sale</h2>
              <Button variant="ghost" className="md:hidden" onClick={() => setCartOpen(false)}>
                <ChevronDown /> Products
              </Button>
            </div>
            {lines.length === 0 ? (
              lastSale ? (
                <div role="status" className="grid gap-1 rounded-md bg-accent p-3 text-sm font-medium">
                  <p className="flex items-center gap-2">
                    <CircleCheck className="size-5 text-primary" /> Sale saved · {money(lastSale.total)}
                  </p>
                  {lastSale.change !== "0.00" ? (
                    <p className="flex items-baseline justify-between">
                      <span>Change</span>
                      <span className="text-4xl font-bold tabular-nums" data-figure="last-change">
                        {money(lastSale.change)}
                      </span>
                    </p>
                  ) : null}
                  {receipt.button}
                </div>
              ) : (
                <p className="text-sm text-muted-foreground">Tap a product to start a sale.</p>
              )
            ) : (
              <ul className="grid gap-2">
                {lines.map((line) => (
                  <CartRow key={line.id} line={line} money={money} onChange={setLines} onLeave={leaveLine} />
                ))}
              </ul>
            )}
            <div className="flex items-baseline justify-between border-t pt-3">
              <span className="text-muted-foreground">Total</span>
              <span className="text-2xl font-semibold tabular-nums" aria-label="Sale total">
                {money(total)}
              </span>
            </div>
            {tooLarge ? (
              <p role="alert" className="text-sm text-destructive">
                This sale’s total is beyond what can be recorded ({MAX_AMOUNT_WORDS}): check the quantities and prices, or split it into smaller sales.
              </p>
            ) : null}
            {/* Below md the cart bar's Charge is the one (always on screen, under the sheet): never two. */}
            <Button size="lg" className="h-14 text-lg max-md:hidden" disabled={!canCharge} onClick={charge} aria-keyshortcuts={TILL_KEYS.charge.aria}>
              Charge {money(total)}
            </Button>
            <p className="text-xs text-muted-foreground max-md:hidden">
              <Kbd>{TILL_KEYS.search.label}</Kbd> search · <Kbd>Enter</Kbd> adds the first match · <Kbd>{TILL_KEYS.charge.label}</Kbd> charges
            </p>
            <Button variant="outline" size="lg" disabled={!sync.ready} onClick={() => setRefunding(true)}>
              Refund
            </Button>
          </section>
          {claim ? (
            <DrawerPanel
              shopId={shop.id}
              timeZone={shop.timezone}
              claim={claim}
              entries={sync.entries}
              increment={increment}
              payoutReviewAbove={settings.payoutReviewAbove ?? null}
              manager={manager}
              money={money}
              event={async () => ({
                clientTimestamp: new Date().toISOString(),
                sourceDevice: await deviceLabel(),
                ...(principal.userId ? { cashierId: principal.userId } : {}),
              })}
              enqueue={sync.enqueue}
            />
          ) : null}
          <SyncPanel
            sync={sync}
            online={online}
            refreshCatalogue={refreshCatalogue}
            shopId={shop.id}
            managerAtTill={manager}
            cashierId={principal.userId ?? undefined}
            timeZone={shop.timezone}
            currency={shop.currency}
            productNames={productNames}
            retentionDays={retentionDays}
          />
        </aside>

        <section aria-label="Products" className="grid content-start gap-3 md:col-start-1 md:row-start-2">
          {catalogueError ? <p className="text-sm text-muted-foreground">{catalogueError}</p> : null}
          <ProductGrid products={shown} money={money} onPick={pick} />
          {shown.length === 0 ? (
            <p className="py-8 text-center text-muted-foreground">{catalogue.length === 0 ? "No products yet." : "No product matches."}</p>
          ) : null}
        </section>
      </main>

      {/* Below md: the cart's count, total and Charge stay on screen whatever is scrolled. */}
      <div className="fixed inset-x-0 bottom-0 z-50 flex items-center gap-2 border-t bg-card p-3 shadow-[0_-2px_8px_rgb(0_0_0/0.08)] md:hidden">
        <Button
          variant="outline"
          className="h-14 min-w-0 flex-1 justify-between"
          aria-controls="till-cart"
          aria-expanded={cartOpen}
          onClick={() => setCartOpen((open) => !open)}
          data-figure="cart-bar"
        >
          <span className="flex min-w-0 items-center gap-2">
            <ShoppingCart className="size-5 shrink-0" />
            <span className="truncate" role="status">
              {itemCount === 0 ? "No items" : `${formatQuantity(String(itemCount))} ${itemCount === 1 ? "item" : "items"}`}
              {itemCount > 0 && lastAdded ? ` · ${lastAdded}` : ""}
            </span>
          </span>
          <span className="font-semibold tabular-nums">{money(total)}</span>
        </Button>
        <Button size="lg" className="h-14 text-lg" disabled={!canCharge} onClick={charge} aria-keyshortcuts={TILL_KEYS.charge.aria}>
          Charge
        </Button>
      </div>

      {paying !== null ? (
        <PaymentDialog
          key={paying}
          open
          total={total}
          increment={increment}
          labels={labels}
          money={money}
          drawer={claim ? (drawerSession ? "open" : "closed") : "noTill"}
          onCancel={() => setPaying(null)}
          onConfirm={pay}
          onCloseAutoFocus={(event) => {
            if (!nextSaleRef.current) return;
            nextSaleRef.current = false;
            event.preventDefault();
            searchRef.current?.focus();
          }}
        />
      ) : null}
      <RefundDialog
        open={refunding}
        timeZone={shop.timezone}
        online={online}
        entries={sync.entries}
        increment={increment}
        labels={labels}
        manager={manager}
        money={money}
        productName={(productId, inline) => inline ?? (productId === undefined ? undefined : productNames.get(productId)) ?? `product #${productId}`}
        base={async () => ({
          clientTimestamp: new Date().toISOString(),
          sourceDevice: await deviceLabel(),
          ...(principal.userId ? { cashierId: principal.userId } : {}),
          ...placed(),
        })}
        onClose={() => setRefunding(false)}
        onRefund={async (refund) => {
          await sync.enqueue(refund);
          notify("success", "Refund saved on this till");
        }}
      />
      <SignOutDialog open={confirmSignOut} onOpenChange={setConfirmSignOut} pending={unsent} offline={!online} onSignOut={signOutForgettingCart} />
      {receipt.element}
      <PriceDialog
        product={priceFor?.product ?? null}
        quantity={priceFor?.quantity}
        onClose={() => setPriceFor(null)}
        onAdd={(product, price, quantity) => {
          add(product, price, quantity);
          setPriceFor(null);
        }}
      />
      <NewProductDialog
        open={creating}
        draft={draft}
        onOpenChange={setCreating}
        onCreate={async (product, quantity) => {
          const created = await createLocalProduct(product);
          add(created, product.unitPrice, quantity);
          setCreating(false);
        }}
      />
    </div>
  );
}

function CartRow({
  line,
  money,
  onChange,
  onLeave,
}: {
  line: CartLine;
  money: (amount: string) => string;
  onChange: (update: (lines: CartLine[]) => CartLine[]) => void;
  /** Called with the line's row just before a button of it removes the line. */
  onLeave: (row: HTMLElement) => void;
}) {
  const leave = (event: MouseEvent<HTMLElement>) => {
    const row = event.currentTarget.closest("li");
    if (row) onLeave(row);
  };
  const error = quantityError(line.quantity);
  const errorId = useId();
  return (
    <li className="grid gap-1 rounded-md border p-2" aria-label={line.product.name}>
      <div className="flex items-start justify-between gap-2">
        <span className="min-w-0 font-medium [overflow-wrap:anywhere]">{line.product.name}</span>
        <span className="font-semibold tabular-nums">{error ? "–" : money(lineTotal(line).toFixed(2))}</span>
      </div>
      <div className="flex items-center gap-2">
        <Button
          variant="outline"
          size="icon"
          className="size-11"
          aria-label={`One less ${line.product.name}`}
          onClick={(event) => {
            if (stepLine([line], line.id, -1).length === 0) leave(event);
            onChange((lines) => stepLine(lines, line.id, -1));
          }}
        >
          <Minus />
        </Button>
        <DecimalInput
          unstyled
          aria-label={`Quantity of ${line.product.name}`}
          className={cn("h-11 w-20 rounded-md border bg-card text-center text-lg tabular-nums", error && "border-destructive")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={line.quantity}
          onValueChange={(quantity) => onChange((lines) => setLineQuantity(lines, line.id, quantity))}
        />
        <Button
          variant="outline"
          size="icon"
          className="size-11"
          aria-label={`One more ${line.product.name}`}
          onClick={() => onChange((lines) => stepLine(lines, line.id, 1))}
        >
          <Plus />
        </Button>
        <span className="flex-1 text-right text-sm text-muted-foreground tabular-nums">× {money(line.unitPrice)}</span>
        <Button
          variant="ghost"
          size="icon"
          className="size-11"
          aria-label={`Remove ${line.product.name}`}
          data-remove-line
          onClick={(event) => {
            leave(event);
            onChange((lines) => removeLine(lines, line.id));
          }}
        >
          <Trash2 />
        </Button>
      </div>
      {error ? (
        <p id={errorId} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </li>
  );
}
