import { TRPCReactProvider } from "~/trpc/react";

/** Sign-in, sign-up and invitations: each form clears the admin app's query cache once someone signs in (no data of a previous user survives). */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <header>
        <p className="text-xl font-semibold tracking-tight">Tillsync</p>
      </header>
      <main id="main-content" tabIndex={-1} className="w-full max-w-md">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </main>
    </div>
  );
}
