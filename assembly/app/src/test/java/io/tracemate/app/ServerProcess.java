package io.tracemate.app;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** {@code tracemate server} in a child JVM, as an operator runs it, so that it can be killed for real. */
final class ServerProcess implements AutoCloseable {
  /** A 512 MiB heap; running out of memory ends the process, as under bin/tracemate. */
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

  final int otlpHttpPort;
  final int httpPort;
  final int otlpGrpcPort;
  final int zipkinPort;
  private final Process process;
  private final HttpClient client = HttpClient.newHttpClient();

  ServerProcess(Path dataDir, Path log, int otlpHttpPort, int httpPort) throws IOException {
    this(dataDir, log, otlpHttpPort, httpPort, List.of());
  }

  /** @param extraArgs more arguments of {@code tracemate server}, e.g. {@code --config file} */
  ServerProcess(Path dataDir, Path log, int otlpHttpPort, int httpPort, List<String> extraArgs)
      throws IOException {
    this(dataDir, log, JVM_OPTIONS, otlpHttpPort, httpPort, extraArgs);
  }

  /** @param jvmOptions such as the heap size, before the main class */
  ServerProcess(Path dataDir, Path log, List<String> jvmOptions, int otlpHttpPort, int httpPort)
      throws IOException {
    this(dataDir, log, jvmOptions, otlpHttpPort, httpPort, List.of());
  }

  /**
   * @param jvmOptions such as the heap size, before the main class ({@code -XX:+ExitOnOutOfMemoryError} as
   *     bin/tracemate runs it: running out of memory ends the process)
   * @param extraArgs more arguments of {@code tracemate server}, e.g. {@code --config file}
   */
  ServerProcess(
      Path dataDir,
      Path log,
      List<String> jvmOptions,
      int otlpHttpPort,
      int httpPort,
      List<String> extraArgs)
      throws IOException {
    this.otlpHttpPort = otlpHttpPort;
    this.httpPort = httpPort;
    this.otlpGrpcPort = freePort();
    this.zipkinPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Tracemate.class.getName(),
            "server",
            "--data-dir",
            dataDir.toString(),
            "--otlp-http-port",
            Integer.toString(otlpHttpPort),
            "--http-port",
            Integer.toString(httpPort),
            "--otlp-grpc-port",
            Integer.toString(otlpGrpcPort),
            "--zipkin-port",
            Integer.toString(zipkinPort)));
    command.addAll(extraArgs);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  /**
   * Where a server keeps its data and its log, and its fixed ports: what a test needs to start it again over the
   * same data after killing it.
   */
  record Setup(Path data, Path log, int otlpHttpPort, int httpPort) {
    /** {@code data/} and {@code server.log} in {@code dir}, on free ports. */
    static Setup in(Path dir) throws IOException {
      return new Setup(dir.resolve("data"), dir.resolve("server.log"), freePort(), freePort());
    }

    /**
     * Starts the server, then kills it while clients send ({@link ServerProcess#killWhileSending}).
     *
     * @return the numbers of the sends it acknowledged before the kill
     */
    Set<Long> killWhileSending(int acknowledged, long maxSends, Send send) throws Exception {
      try (ServerProcess server = start()) {
        return server.killWhileSending(acknowledged, maxSends, send);
      }
    }

    /** Starts the server and waits until it is ready (a minute at most). */
    ServerProcess start() throws Exception {
      ServerProcess server = new ServerProcess(data, log, otlpHttpPort, httpPort);
      try {
        server.awaitReady(Duration.ofSeconds(60));
        return server;
      } catch (Exception | Error e) {
        server.close();
        throw e;
      }
    }
  }

  /** Prints a server's log, if it wrote one, to the test's output, where the cause of a failure is read. */
  static void printLog(Path log) throws IOException {
    if (Files.exists(log)) {
      System.out.println(Files.readString(log));
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until /ready says 200, failing if the process dies first. */
  void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "server exited with " + process.exitValue() + " before it was ready");
      }
      try {
        if (get("/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // the port is not open yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("server not ready within " + timeout);
  }

  /**
   * Waits until the server has started, whether or not a dependency it needs answers yet: /ready says 200, or 503
   * "waiting: ..." (up, but OpenSearch or Kafka is not); fails if the process dies first.
   *
   * @return what /ready said
   */
  String awaitStarted(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("server exited with " + process.exitValue() + " while starting");
      }
      try {
        HttpResponse<String> ready = get("/ready");
        if (ready.statusCode() == 200 || ready.body().startsWith("waiting:")) {
          return ready.body();
        }
      } catch (IOException notYetListening) {
        // the port is not open yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("server not started within " + timeout);
  }

  /**
   * The sum of a metric's series on /metrics (Prometheus text format) whose labels contain {@code labels} (e.g.
   * {@code signal="traces"}; empty for every series); 0 when there is none.
   */
  double metricSum(String name, String labels) throws IOException, InterruptedException {
    double sum = 0;
    for (String line : get("/metrics").body().split("\n")) {
      if ((line.startsWith(name + "{") && line.contains(labels))
          || (labels.isEmpty() && line.startsWith(name + " "))) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
      }
    }
    return sum;
  }

  /** The value of an unlabelled metric on /metrics (Prometheus text format), or NaN when it is not there. */
  double metric(String name) throws IOException, InterruptedException {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return Double.NaN;
  }

  /** POSTs a body to one of the server's ports (bounded: 10 s); the status code. */
  static int post(
      HttpClient client, int port, String path, String contentType, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(10))
                .POST(body)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  long pid() {
    return process.pid();
  }

  /** One numbered send of a client: true when the server acknowledged it. */
  @FunctionalInterface
  interface Send {
    /** @throws IOException when the connection is lost (as at the kill) */
    boolean send(long number) throws IOException, InterruptedException;
  }

  /**
   * Four clients send numbered requests ({@code 1, 2, ...}, at most {@code maxSends}) until at least
   * {@code acknowledged} were acknowledged (or 15 s passed), then the server is killed with SIGKILL while requests
   * are in flight; the clients stop at the lost connection.
   *
   * @return the numbers of the acknowledged sends
   */
  Set<Long> killWhileSending(int acknowledged, long maxSends, Send send)
      throws InterruptedException {
    Set<Long> acknowledgedSends = ConcurrentHashMap.newKeySet();
    AtomicLong next = new AtomicLong();
    AtomicBoolean sending = new AtomicBoolean(true);
    ExecutorService senders = Executors.newFixedThreadPool(4);
    long stopAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    for (int t = 0; t < 4; t++) {
      senders.submit(
          () -> {
            while (sending.get() && System.nanoTime() < stopAt) {
              long n = next.incrementAndGet();
              if (n > maxSends) {
                return null;
              }
              try {
                if (send.send(n)) {
                  acknowledgedSends.add(n);
                }
              } catch (IOException | InterruptedException connectionLostAtTheKill) {
                return null;
              }
            }
            return null;
          });
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (acknowledgedSends.size() < acknowledged && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    kill(); // mid-stream: requests are in flight right now
    sending.set(false);
    senders.shutdown();
    if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new AssertionError("clients still sending 30 s after the kill");
    }
    return acknowledgedSends;
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, then the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("server did not stop within " + timeout + " of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  static String separator() {
    return File.pathSeparator;
  }
}
