package io.tracemate.testing.opensearch;

import java.util.concurrent.CountDownLatch;

/**
 * An {@link OpenSearchNode} outside a test, for {@code bin/benchmark-scaleout}: starts one node with the heap given
 * (default 1g), as the unprivileged user when run as root, prints {@code url=}, {@code pid=} (the node's JVM) and
 * {@code version=} lines once the cluster is healthy, and runs until this process is told to stop (SIGTERM,
 * Ctrl-C), when it stops the node and deletes its data.
 */
public final class OpenSearchNodeMain {
  private OpenSearchNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 1) {
      System.err.println("usage: OpenSearchNodeMain [HEAP, e.g. 1g]");
      System.exit(2);
    }
    OpenSearchNode node = OpenSearchNode.startWithHeap(args.length == 1 ? args[0] : "1g");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                }));
    System.out.println("url=" + node.httpUri());
    System.out.println("pid=" + node.pid());
    System.out.println("version=" + node.version());
    System.out.flush();
    // Until the shutdown hook has stopped the node; the JVM ends with it.
    stopped.await();
  }
}
