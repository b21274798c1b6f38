export async function controlRun(_: { log: (line: string) => void }) {
  return {};
}
