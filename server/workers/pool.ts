import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Logger } from 'pino';

/**
 * A small pool of worker threads, each running one task at a time, with two lanes: `urgent` tasks (reading a
 * message and its triage) are handed out before any `normal` one (retrieval, the composer), so an emergency
 * instruction waits at most for the task a worker is already running, never for a queue of other turns' answers.
 *
 * It never holds a task it cannot run: while no worker is ready (starting, or restarting after a failure) `run`
 * rejects at once with `PoolUnavailable`, and the caller does the work on its own thread. A task that runs longer
 * than `timeoutMs` is rejected (`PoolTimeout`) and its worker replaced (it may be stuck); a worker that dies rejects
 * its task (`PoolWorkerFailed`) and is restarted after a pause that grows while it keeps failing.
 */
export type PoolErrorCode = 'pool_unavailable' | 'pool_timeout' | 'pool_worker_failed' | 'pool_task_failed' | 'pool_closed';
export class PoolError extends Error {
  constructor(
    readonly code: PoolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PoolError';
  }
}

export type WorkerPool = {
  run<T>(task: string, payload: unknown, options?: { urgent?: boolean }): Promise<T>;
  /** Spawns the workers (once; later calls do nothing). */
  start(): void;
  /** Resolves once `start` was called and every worker has started (or failed to); tests wait on it. */
  ready: Promise<void>;
  /** `completed`: tasks the workers ran to the end (an answer or an error of the task itself). */
  stats(): { size: number; ready: number; busy: number; queued: number; queuedUrgent: number; restarts: number; completed: number };
  close(): Promise<void>;
};

type Job = { id: number; task: string; payload: unknown; resolve: (v: unknown) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; ready: boolean; job: Job | null; timer?: NodeJS.Timeout; failures: number };

export function createWorkerPool(options: {
  size: number;
  /** The worker's entry file. */
  file: string | URL;
  execArgv?: string[];
  /** V8 limits of each worker's heap (node:worker_threads `resourceLimits`). */
  resourceLimits?: ResourceLimits;
  workerData: unknown;
  /** Longest time one task may run in a worker before it is given up (and the worker replaced). */
  timeoutMs: number;
  logger: Logger;
}): WorkerPool {
  const { size, logger, timeoutMs } = options;
  const slots: (Slot | null)[] = Array.from({ length: size }, () => null);
  const urgent: Job[] = [];
  const normal: Job[] = [];
  let nextId = 1;
  let closed = false;
  let restarts = 0;
  let completed = 0;
  const started: Promise<void>[] = [];

  function spawn(i: number, failures = 0): Promise<void> {
    const worker = new Worker(options.file, { workerData: options.workerData, execArgv: options.execArgv ?? [], ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
    // Unref'd: a pool left open never keeps the process alive (the server closes it on shutdown).
    worker.unref();
    const slot: Slot = { worker, ready: false, job: null, failures };
    slots[i] = slot;
    return new Promise<void>((resolveStarted) => {
      worker.on('message', (m: { ready?: true; id?: number; ok?: boolean; value?: unknown; error?: string }) => {
        if (m.ready) {
          slot.ready = true;
          slot.failures = 0;
          resolveStarted();
          dispatch();
          return;
        }
        const job = slot.job;
        if (!job || job.id !== m.id) return;
        clearTimeout(slot.timer);
        slot.job = null;
        completed++;
        if (m.ok) job.resolve(m.value);
        else job.reject(new PoolError('pool_task_failed', m.error ?? 'the task failed in the worker'));
        dispatch();
      });
      const down = (reason: string) => {
        if (slots[i] !== slot) return;
        slots[i] = null;
        clearTimeout(slot.timer);
        resolveStarted();
        slot.job?.reject(new PoolError('pool_worker_failed', reason));
        slot.job = null;
        // No worker left to take the queue: every waiting task goes back to its caller, who runs it itself.
        if (!slots.some((s) => s?.ready)) drain(new PoolError('pool_unavailable', 'no worker is running'));
        if (closed) return;
        restarts++;
        const pause = Math.min(30_000, 500 * 2 ** slot.failures);
        logger.warn({ worker: i, reason, restartInMs: pause }, 'worker thread stopped; restarting it');
        setTimeout(() => {
          if (!closed && slots[i] === null) void spawn(i, slot.failures + 1);
        }, pause).unref();
      };
      worker.on('error', (err) => down(`worker error: ${err.message}`));
      worker.on('exit', (code) => down(`worker exited (code ${code})`));
    });
  }

  function drain(err: Error) {
    for (const job of urgent.splice(0).concat(normal.splice(0))) job.reject(err);
  }

  function dispatch() {
    for (const slot of slots) {
      if (!slot || !slot.ready || slot.job) continue;
      const job = urgent.shift() ?? normal.shift();
      if (!job) return;
      slot.job = job;
      slot.timer = setTimeout(() => {
        if (slot.job !== job) return;
        job.reject(new PoolError('pool_timeout', `the worker took more than ${timeoutMs} ms`));
        slot.job = null;
        // It may be stuck in a loop: replace it rather than wait on it.
        void slot.worker.terminate();
      }, timeoutMs);
      try {
        slot.worker.postMessage({ id: job.id, task: job.task, payload: job.payload });
      } catch (err) {
        // Input that cannot be copied to a thread (a DataCloneError): the caller runs the stage itself.
        clearTimeout(slot.timer);
        slot.job = null;
        job.reject(new PoolError('pool_task_failed', `the task could not be sent to the worker: ${(err as Error).message}`));
      }
    }
  }

  // The workers start when asked (`start`): the server starts them once it listens, so building their copies does
  // not compete with its own start-up. Until then every stage runs on the caller's thread.
  let begin!: () => void;
  const starting = new Promise<void>((r) => (begin = r));
  const ready = starting.then(() => {
    for (let i = 0; i < size; i++) started.push(spawn(i));
    return Promise.all(started).then(() => undefined);
  });

  return {
    run<T>(task: string, payload: unknown, opts: { urgent?: boolean } = {}): Promise<T> {
      if (closed) return Promise.reject(new PoolError('pool_closed', 'the pool is closed'));
      if (!slots.some((s) => s?.ready)) return Promise.reject(new PoolError('pool_unavailable', 'no worker is ready'));
      return new Promise<T>((resolve, reject) => {
        const job: Job = { id: nextId++, task, payload, resolve: resolve as (v: unknown) => void, reject };
        (opts.urgent ? urgent : normal).push(job);
        dispatch();
      });
    },
    start() {
      if (!closed) begin();
    },
    ready,
    stats: () => ({
      size,
      ready: slots.filter((s) => s?.ready).length,
      busy: slots.filter((s) => s?.job).length,
      queued: urgent.length + normal.length,
      queuedUrgent: urgent.length,
      restarts,
      completed,
    }),
    async close() {
      closed = true;
      drain(new PoolError('pool_closed', 'the pool is closed'));
      await Promise.all(slots.map((s) => s?.worker.terminate()));
    },
  };
}
