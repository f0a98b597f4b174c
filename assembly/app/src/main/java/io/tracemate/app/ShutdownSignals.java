package io.tracemate.app;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the given resources in order and let the command return 0. A plain shutdown hook
 * would also run the clean-up, but the JVM then exits with status 143, which orchestrators read as a crash.
 */
final class ShutdownSignals {
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<AutoCloseable> resources;

  /** Resources are closed in the order given. */
  ShutdownSignals(AutoCloseable... resources) {
    this.resources = List.of(resources);
    Signal.handle(new Signal("TERM"), signal -> stop());
    Signal.handle(new Signal("INT"), signal -> stop());
  }

  void await() throws InterruptedException {
    stopped.await();
  }

  private void stop() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("error while stopping " + resource + ": " + e);
      }
    }
    stopped.countDown();
  }
}
