// Rates and percentiles from two readings of the services' raw counters and histogram buckets, the
// way Prometheus' rate() and histogram_quantile() would compute them over the polling interval.

export type Buckets = Record<string, number>; // upper bound in seconds ("Infinity" for +Inf) → cumulative count

export interface Reading {
  at: number; // ms
  stored: number;
  pushed: number;
  accept: Buckets;
  delivery: Buckets;
}

export function rate(prev: Reading, now: Reading, pick: (r: Reading) => number): number {
  const dt = (now.at - prev.at) / 1000;
  return dt > 0 ? Math.max(0, pick(now) - pick(prev)) / dt : 0;
}

/** The upper bound (ms) of the bucket holding the q-quantile of what was observed between readings. */
export function quantile(prev: Buckets, now: Buckets, q: number): number | null {
  const bounds = Object.keys(now)
    .map((b) => ({ key: b, le: b === "Infinity" ? Infinity : Number(b) }))
    .sort((a, b) => a.le - b.le);
  const count = (b: string) => (now[b] ?? 0) - (prev[b] ?? 0);
  const total = bounds.length ? count(bounds[bounds.length - 1].key) : 0;
  if (total <= 0) return null;
  for (const b of bounds) {
    if (count(b.key) >= q * total) return b.le * 1000;
  }
  return null;
}

export function sumBuckets(list: Buckets[]): Buckets {
  const out: Buckets = {};
  for (const b of list) for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

export function ms(v: number | null): string {
  if (v === null) return "—";
  if (!isFinite(v)) return "> max bucket";
  return v < 10 ? `≤ ${v.toFixed(1)} ms` : `≤ ${Math.round(v)} ms`;
}
