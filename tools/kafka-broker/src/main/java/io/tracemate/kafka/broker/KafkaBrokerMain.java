package io.tracemate.kafka.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link KafkaBroker} outside a test, for {@code bin/benchmark-scaleout}: starts one broker on {@code DIRECTORY}
 * with {@link KafkaBroker#PRODUCTION_JVM_OPTIONS} (the figures are its cost per record, which the tests' small C1
 * broker would overstate), prints {@code bootstrap=}, {@code pid=} and {@code log-dir=} lines once it is up, and
 * runs until this process is told to stop (SIGTERM, Ctrl-C), when it stops the broker and deletes the directory.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: KafkaBrokerMain DIRECTORY");
      System.exit(2);
    }
    KafkaBroker broker =
        KafkaBroker.start(Path.of(args[0]).toAbsolutePath(), KafkaBroker.PRODUCTION_JVM_OPTIONS);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                }));
    System.out.println("bootstrap=" + broker.bootstrapServers());
    System.out.println("pid=" + broker.pid());
    System.out.println("log-dir=" + broker.logDirectory());
    System.out.flush();
    // Until the shutdown hook has stopped the broker; the JVM ends with it.
    stopped.await();
  }
}
