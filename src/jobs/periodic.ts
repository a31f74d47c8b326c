export interface PeriodicTask {
  /** Stops the timer and waits for a run in progress, so storage can close after it. */
  stop(): Promise<void>;
}

/**
 * Runs `task` now and then every interval, never two runs at once. The task handles its
 * own errors. The timer is unref'd: on its own it must not keep the process alive.
 */
export function every(intervalMs: number, task: () => Promise<void>): PeriodicTask {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= task().finally(() => {
      running = null;
    });
  };
  run();
  const timer = setInterval(run, intervalMs).unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
