import { build, type Histogram } from "hdr-histogram-js";

export interface LoadFigures {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  /** Latencies in milliseconds. */
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadOptions {
  concurrency: number;
  /** Stop after this long... */
  durationMs?: number;
  /** ...or after this many operations in total, whichever comes first. */
  total?: number;
  /**
   * Offered load in operations per second, spread evenly over the workers: each starts its
   * operations on a fixed schedule instead of as soon as the previous one answers. Latency
   * is then counted from the scheduled start, so a late answer also charges the operations
   * it held up (no coordinated omission). Without it the load is closed-loop.
   */
  ratePerSecond?: number;
  /** One operation; it throws when the operation failed. `index` counts from 0 across all workers. */
  operation: (index: number, worker: number) => Promise<void>;
}

/** Latencies and counts accumulated over one or more load slices. */
export interface Recorder {
  histogram: Histogram;
  errors: number;
  seconds: number;
}

export const newRecorder = (): Recorder => ({
  histogram: build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 }),
  errors: 0,
  seconds: 0,
});

/**
 * A closed-loop load: `concurrency` workers each start their next operation as soon as the
 * previous one answers, like tills that never wait on each other (or, with
 * `ratePerSecond`, on a fixed schedule). Latency is recorded per operation in microseconds
 * in an HDR histogram (so percentiles are exact to 3 digits).
 */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const recorder = newRecorder();
  await recordLoad(options, recorder);
  return figuresOf(recorder);
}

/** Runs a load and adds what it measured to `recorder` (slices of one measurement interleaved with another). */
export async function recordLoad(options: LoadOptions, recorder: Recorder): Promise<void> {
  const { histogram } = recorder;
  const deadline = options.durationMs === undefined ? Infinity : performance.now() + options.durationMs;
  const total = options.total ?? Infinity;
  let next = 0;
  let errors = 0;
  let firstError: unknown = null;
  const started = performance.now();
  const interval = options.ratePerSecond ? (1000 * options.concurrency) / options.ratePerSecond : 0;
  const worker = async (id: number) => {
    // Paced workers start a fraction of the interval apart, so the arrivals are evenly spread.
    let scheduled = started + (interval * id) / options.concurrency;
    while (performance.now() < deadline && next < total) {
      if (interval) {
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const index = next++;
      const t0 = interval ? scheduled : performance.now();
      scheduled += interval;
      try {
        await options.operation(index, id);
        histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      } catch (error) {
        errors++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, id) => worker(id)));
  recorder.seconds += (performance.now() - started) / 1000;
  recorder.errors += errors;
  if (firstError) console.error(`  ${errors} operation(s) failed; first:`, firstError);
}

export function figuresOf({ histogram, errors, seconds }: Recorder): LoadFigures {
  const ms = (us: number) => Math.round(us / 10) / 100;
  const figures = {
    requests: histogram.totalCount,
    errors,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(histogram.totalCount / seconds),
    mean: ms(histogram.mean),
    p50: ms(histogram.getValueAtPercentile(50)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
  };
  histogram.destroy();
  return figures;
}
