/** The number after `name` in a benchmark's arguments (`--rounds 3`), or `fallback` when absent. */
export function numberOption(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
}
