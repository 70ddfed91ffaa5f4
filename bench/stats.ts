// Small helpers for benchmarks: percentiles and formatting. Ratios, not absolute numbers, are what compare.
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(samplesMs: number[]): { p50: number; p99: number; perSecond: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = samplesMs.reduce((a, b) => a + b, 0);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    perSecond: (samplesMs.length / total) * 1000,
  };
}

export const ms = (x: number) => `${x.toFixed(3)} ms`;
export const ratio = (a: number, b: number) => `x${(a / b).toFixed(2)}`;
