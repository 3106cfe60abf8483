/** Percentiles and the printed comparison table. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Prints a subject against its baseline, with ratios. */
export function printComparison(title: string, subject: [string, Summary], baseline: [string, Summary]): void {
  const [sName, s] = subject;
  const [bName, b] = baseline;
  console.log(`\n${title}`);
  console.log(`  ${'measure'.padEnd(44)} ${'n'.padStart(7)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'p99'.padStart(10)}`);
  for (const [name, x] of [
    [bName, b],
    [sName, s],
  ] as const) {
    console.log(
      `  ${name.padEnd(44)} ${String(x.n).padStart(7)} ${ms(x.p50).padStart(10)} ${ms(x.p95).padStart(10)} ${ms(x.p99).padStart(10)}`,
    );
  }
  console.log(
    `  ${'ratio (subject / baseline)'.padEnd(44)} ${''.padStart(7)} ${(s.p50 / b.p50).toFixed(2).padStart(10)} ${(s.p95 / b.p95).toFixed(2).padStart(10)} ${(s.p99 / b.p99).toFixed(2).padStart(10)}`,
  );
}
