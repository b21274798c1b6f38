export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <p className="text-xl font-semibold tracking-tight">Tillsync</p>
      <div className="w-full max-w-md">{children}</div>
    </div>
  );
}
