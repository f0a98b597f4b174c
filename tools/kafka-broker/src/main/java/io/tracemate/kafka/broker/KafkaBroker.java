package io.tracemate.kafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Kafka broker for tests: a single KRaft node that is broker and controller at once, from the
 * {@code kafka_2.13} jars of the version the product's client has, in its own {@code java} process on 127.0.0.1 and
 * two free ports. Its own process so that a test can kill it with SIGKILL (the failure a broker really has) and
 * start it again on the same log directory and ports, where clients find it again; and so that Scala and the
 * broker's libraries never meet a test's class path.
 *
 * <p>The log directory is formatted once ({@code kafka.tools.StorageTool format}, what {@code kafka-storage.sh
 * format} runs); a restart finds it formatted and keeps every topic, record and committed offset. Readiness is
 * bounded: the broker's "Kafka Server started" line within {@link #START_TIMEOUT}, or the start fails with the
 * tail of its output. The broker's output goes to {@code broker.log} in its directory.
 *
 * <p>Not thread-safe: one test class drives it (see {@link KafkaBrokerExtension}).
 */
public final class KafkaBroker implements AutoCloseable {
  /** Generous for a cold JVM on a busy 2-core machine; a healthy broker starts in a few seconds. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** Small: a test broker holds a few megabytes of records; C1 only starts it sooner. */
  public static final List<String> TEST_JVM_OPTIONS =
      List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /**
   * What Kafka's own {@code kafka-server-start.sh} runs a broker with (a 1 GB heap, G1, full JIT): for measuring
   * the broker's cost per record, which the test options would overstate.
   */
  public static final List<String> PRODUCTION_JVM_OPTIONS =
      List.of(
          "-Xms1g",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent");

  private static final String CLASS_PATH_RESOURCE = "broker.classpath";
  private static final String STARTED = "Kafka Server started";

  private final Path directory;
  private final int brokerPort;
  private final int controllerPort;
  private final String classPath;
  private final Listener listener;
  private final List<String> jvmOptions;
  private Process process;

  private KafkaBroker(
      Path directory,
      int brokerPort,
      int controllerPort,
      String classPath,
      Listener listener,
      List<String> jvmOptions) {
    this.directory = directory;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.classPath = classPath;
    this.listener = listener;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** Formats {@code directory} (made if missing) as a new single-node cluster and starts the broker on it. */
  public static KafkaBroker start(Path directory) {
    return start(directory, TEST_JVM_OPTIONS);
  }

  /** {@link #start(Path)} with the broker's JVM options (heap, GC, JIT), e.g. {@link #PRODUCTION_JVM_OPTIONS}. */
  public static KafkaBroker start(Path directory, List<String> jvmOptions) {
    return start(directory, new Listener("PLAINTEXT", List.of()), jvmOptions);
  }

  /** The clients' listener: its security protocol and the broker properties it needs. */
  private record Listener(String protocol, List<String> config) {}

  /**
   * {@link #start(Path)} with a {@code SASL_PLAINTEXT} listener taking the PLAIN mechanism: clients log in as one of
   * {@code users} (name → password); nothing else is let in.
   */
  public static KafkaBroker startWithSaslPlain(Path directory, Map<String, String> users) {
    if (users.isEmpty()) {
      throw new IllegalArgumentException("a SASL listener needs at least one user");
    }
    // The broker logs in to itself as "broker"; each user may log in with its password.
    StringBuilder jaas =
        new StringBuilder(
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\"");
    users.forEach(
        (user, password) ->
            jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
    jaas.append(';');
    return start(
        directory,
        new Listener(
            "SASL_PLAINTEXT",
            List.of(
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + jaas)));
  }

  /**
   * {@link #start(Path)} with an {@code SSL} listener: the broker's certificate and key in {@code keystore} (PKCS12,
   * its certificate naming 127.0.0.1, which the broker also trusts for its own connections to itself).
   */
  public static KafkaBroker startWithTls(Path directory, Path keystore, String password) {
    return start(
        directory,
        new Listener(
            "SSL",
            List.of(
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + keystore.toAbsolutePath(),
                "ssl.keystore.password=" + password,
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + keystore.toAbsolutePath(),
                "ssl.truststore.password=" + password)));
  }

  private static KafkaBroker start(Path directory, Listener listener) {
    return start(directory, listener, TEST_JVM_OPTIONS);
  }

  private static KafkaBroker start(Path directory, Listener listener, List<String> jvmOptions) {
    try {
      Files.createDirectories(directory);
      KafkaBroker broker =
          new KafkaBroker(directory, freePort(), freePort(), readClassPath(), listener, jvmOptions);
      broker.writeConfig();
      broker.format();
      broker.startProcess();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port} for a client's {@code bootstrap.servers}; the same across restarts. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public Path directory() {
    return directory;
  }

  /** The broker's {@code java} process, for reading its CPU time; only while it runs. */
  public long pid() {
    if (!isRunning()) {
      throw new IllegalStateException("the broker is not running");
    }
    return process.pid();
  }

  /** Where the broker keeps its partitions' logs ({@code log.dirs}). */
  public Path logDirectory() {
    return directory.resolve("data");
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed beyond what the broker already wrote. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
    process = null;
  }

  /** Starts the broker again on the same directory and ports, after {@link #kill} or {@link #stop}. */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("the broker is running; kill or stop it first");
    }
    try {
      startProcess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM and a bounded wait for the broker's controlled shutdown, then SIGKILL. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!awaitExit(Duration.ofSeconds(30))) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(30));
    }
    process = null;
  }

  /** Stops the broker and deletes its directory. */
  @Override
  public void close() {
    stop();
    deleteRecursively(directory);
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Path config() {
    return directory.resolve("server.properties");
  }

  private Path logFile() {
    return directory.resolve("broker.log");
  }

  private void writeConfig() throws IOException {
    String protocol = listener.protocol();
    String config =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners="
                + protocol
                + "://127.0.0.1:"
                + brokerPort
                + ",CONTROLLER://127.0.0.1:"
                + controllerPort,
            "advertised.listeners=" + protocol + "://127.0.0.1:" + brokerPort,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=" + protocol,
            "listener.security.protocol.map=" + protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT",
            String.join("\n", listener.config()),
            "log.dirs=" + logDirectory().toAbsolutePath(),
            // One node: internal topics with one replica and few partitions.
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=4",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "num.partitions=1",
            // Tests create what they use, as the product does: a typo must not create a topic.
            "auto.create.topics.enable=false",
            // A consumer group forms at once instead of waiting 3 s for more members.
            "group.initial.rebalance.delay.ms=0",
            "num.network.threads=2",
            "num.io.threads=2",
            "background.threads=2",
            "");
    Files.writeString(config(), config, StandardCharsets.UTF_8);
    Files.writeString(
        directory.resolve("log4j2.properties"),
        String.join(
            "\n",
            "appender.out.type=Console",
            "appender.out.name=out",
            "appender.out.layout.type=PatternLayout",
            "appender.out.layout.pattern=[%d] %p %m (%c)%n",
            "rootLogger.level=WARN",
            "rootLogger.appenderRef.out.ref=out",
            // Its "started" line is the readiness signal.
            "logger.raft.name=kafka.server.KafkaRaftServer",
            "logger.raft.level=INFO",
            ""),
        StandardCharsets.UTF_8);
  }

  private void format() throws IOException {
    if (Files.exists(directory.resolve("data").resolve("meta.properties"))) {
      return;
    }
    Process format =
        java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config().toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .start();
    try {
      if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        format.destroyForcibly();
        throw new IllegalStateException("formatting the Kafka log directory timed out" + tail());
      }
      if (format.exitValue() != 0) {
        throw new IllegalStateException(
            "formatting the Kafka log directory failed with exit code "
                + format.exitValue()
                + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      format.destroyForcibly();
      throw new IllegalStateException("interrupted while formatting the Kafka log directory", e);
    }
  }

  private void startProcess() throws IOException {
    long readFrom = Files.exists(logFile()) ? Files.size(logFile()) : 0;
    process =
        java("kafka.Kafka", config().toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Kafka broker exited with code "
                + process.exitValue()
                + " while starting"
                + tail());
      }
      if (logSince(readFrom).contains(STARTED) && portOpen()) {
        return;
      }
      sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "the Kafka broker did not start within " + START_TIMEOUT + tail());
  }

  private ProcessBuilder java(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-Djava.awt.headless=true",
            "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties").toAbsolutePath(),
            "-cp",
            classPath,
            mainClass));
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
  }

  private boolean portOpen() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String logSince(long offset) {
    try (InputStream in = Files.newInputStream(logFile())) {
      in.skipNBytes(Math.min(offset, Files.size(logFile())));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last lines of the broker's output, for a failure message. */
  private String tail() {
    String all = logSince(0);
    String[] lines = all.split("\n");
    int from = Math.max(0, lines.length - 30);
    return ":\n"
        + String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length))
        + "\n(whole output: "
        + logFile()
        + ")";
  }

  /** A Kafka cluster ID: 16 random bytes in URL-safe base64 without padding, as {@code Uuid.toString()}. */
  private static String clusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      // One ID in 64 starts with '-', which the storage tool's argument parser takes for an option
      // (as Kafka's own Uuid.randomUuid() avoids).
    } while (id.startsWith("-"));
    return id;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String readClassPath() throws IOException {
    try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASS_PATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASS_PATH_RESOURCE
                + " is missing: build tools/kafka-broker with Maven, which resolves the broker's jars");
      }
      String classPath = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (classPath.isEmpty()) {
        throw new IllegalStateException(CLASS_PATH_RESOURCE + " is empty");
      }
      return classPath;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is no test failure.
    }
  }
}
