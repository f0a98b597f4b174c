package io.tracemate.alerting.rules;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: one per tenant, so a tenant's groups are
 * evaluated in order and never at once while tenants share the ruler's bounded pool. Thread-safe.
 */
final class SerialExecutor implements Executor {
  private final Executor pool;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    pool.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable task;
      synchronized (this) {
        task = tasks.poll();
        if (task == null) {
          running = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // The ruler's tasks handle their own failures; one that escapes must not stop the tenant's
        // queue.
        org.slf4j.LoggerFactory.getLogger(SerialExecutor.class).error("Rule task failed", e);
      }
    }
  }
}
