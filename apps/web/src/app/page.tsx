import { ApiHealth } from "./_components/api-health";

export default function HomePage() {
  return (
    <div className="flex max-w-2xl flex-col gap-8">
      <section className="flex flex-col gap-3">
        <h1 className="text-3xl font-semibold tracking-tight">Sales and stock for small shops</h1>
        <p className="text-muted-foreground">
          Tillsync keeps every till selling when the network drops. Sales queue on the device
          and sync later; the server records each one exactly once, deducts stock, raises
          low-stock alerts and keeps an audit trail.
        </p>
      </section>
      <ApiHealth />
    </div>
  );
}
