package io.tracemate.testing.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real OpenSearch node, started from the integ-test distribution that Maven unpacked into this module's
 * {@code target/}, on 127.0.0.1 with free ports, a 512 MB heap and single-node discovery. The distribution has no
 * plugins (so no security plugin: plain HTTP, no credentials) and no bundled JDK: it runs on the JDK of the JVM that
 * starts it ({@code java.home}), which must be 21 or newer (OpenSearch 3's requirement).
 *
 * <p>OpenSearch refuses to run as root. When this JVM is root (CI, the development machines), the node runs as the
 * unprivileged user {@value #DEFAULT_USER} (override with {@code -Dtracemate.opensearch.user=}) through
 * {@code runuser}; {@code .ci/run} creates that user. Everything the node writes (data, logs, temp files, its
 * config copy) lives in one directory of its own owned by that user, deleted by {@link #close()}.
 *
 * <p>{@link #start()} returns once the cluster health is green or yellow, or fails within a bounded time with the
 * tail of the node's console output. {@link #close()} stops the whole process tree (SIGTERM, then SIGKILL after a
 * bounded wait). Thread-safe: immutable once started.
 */
public final class OpenSearchNode implements AutoCloseable {
  /** The unprivileged user a root JVM runs the node as. */
  public static final String DEFAULT_USER = "tracemate-test";

  private static final Logger log = LoggerFactory.getLogger(OpenSearchNode.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final String TEST_HEAP = "512m";

  private final Process process;
  private final Path workDir;
  private final URI httpUri;
  private final String version;

  private OpenSearchNode(Process process, Path workDir, URI httpUri, String version) {
    this.process = process;
    this.workDir = workDir;
    this.httpUri = httpUri;
    this.version = version;
  }

  /** Starts a node and waits until it answers with a green or yellow cluster health. */
  public static OpenSearchNode start() {
    try {
      return start(freePort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@link #start()} on a given HTTP port: a test that points clients at the node before it runs (to see what they
   * do while it is down) reserves a port with {@link #reservePort()} and starts the node there later.
   */
  public static OpenSearchNode start(int httpPort) {
    return start(httpPort, TEST_HEAP);
  }

  /**
   * {@link #start()} with a heap of its own, e.g. {@code 1g} ({@code -Xms} and {@code -Xmx}): a benchmark that
   * fills the node with millions of documents needs more than a test's {@value #TEST_HEAP}.
   */
  public static OpenSearchNode startWithHeap(String heap) {
    if (!heap.matches("[0-9]+[kKmMgG]")) {
      throw new IllegalArgumentException("a heap size such as 512m or 1g, not '" + heap + "'");
    }
    return start(reservePort(), heap);
  }

  private static OpenSearchNode start(int httpPort, String heap) {
    Distribution distribution = Distribution.unpacked();
    Path javaHome = Path.of(System.getProperty("java.home"));
    if (Runtime.version().feature() < 21) {
      throw new IllegalStateException(
          "OpenSearch "
              + distribution.version()
              + " needs JDK 21 or newer; this JVM is "
              + Runtime.version()
              + " ("
              + javaHome
              + ")");
    }
    String user = isRoot() ? System.getProperty("tracemate.opensearch.user", DEFAULT_USER) : null;
    try {
      Path workDir = Files.createTempDirectory("tracemate-opensearch-");
      Path config = Files.createDirectories(workDir.resolve("config"));
      Path data = Files.createDirectories(workDir.resolve("data"));
      Path logs = Files.createDirectories(workDir.resolve("logs"));
      Path tmp = Files.createDirectories(workDir.resolve("tmp"));
      Path home = distribution.home();
      if (user != null && !readableBy(user, home)) {
        // A checkout under a directory the node's user cannot enter (root's home): run a copy of
        // our own.
        home = workDir.resolve("distribution");
        copyRecursively(distribution.home(), home);
      }
      writeConfig(home, config, logs, heap);
      if (user != null) {
        chownRecursively(workDir, user);
      }
      int transportPort = freePort();
      List<String> command = new ArrayList<>();
      if (user != null) {
        command.addAll(List.of("runuser", "-u", user, "--"));
      }
      command.addAll(
          List.of(
              "env",
              "OPENSEARCH_JAVA_HOME=" + javaHome,
              "OPENSEARCH_PATH_CONF=" + config,
              "OPENSEARCH_TMPDIR=" + tmp,
              home.resolve("bin/opensearch").toString(),
              "-Ecluster.name=tracemate-test",
              "-Enode.name=tracemate-test-node",
              "-Ediscovery.type=single-node",
              "-Enetwork.host=127.0.0.1",
              "-Ehttp.port=" + httpPort,
              "-Etransport.port=" + transportPort,
              "-Epath.data=" + data,
              "-Epath.logs=" + logs,
              // a test machine's disk may be fuller than the watermarks allow; never go read-only
              // for that
              "-Ecluster.routing.allocation.disk.threshold_enabled=false",
              // tests remove their indices by pattern
              "-Eaction.destructive_requires_name=false"));
      Path console = logs.resolve("console.log");
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(console.toFile())
              .start();
      URI uri = URI.create("http://127.0.0.1:" + httpPort);
      OpenSearchNode node = new OpenSearchNode(process, workDir, uri, distribution.version());
      try {
        node.awaitHealthy(console);
      } catch (RuntimeException | Error e) {
        node.close();
        throw e;
      }
      log.info(
          "OpenSearch {} started at {} (pid {}, as {})",
          distribution.version(),
          uri,
          process.pid(),
          user == null ? "this user" : user);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start OpenSearch", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI httpUri() {
    return httpUri;
  }

  /** The OpenSearch version running, e.g. {@code 3.3.2}. */
  public String version() {
    return version;
  }

  /**
   * The node's own JVM (the process {@code bin/opensearch} started, below {@code runuser} and the script), for
   * reading its CPU time.
   */
  public long pid() {
    return process
        .descendants()
        .filter(handle -> handle.info().command().orElse("").endsWith("/java"))
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("OpenSearch's JVM is not running"));
  }

  /** Whether the node's process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the node and every process it started, then deletes its data. Idempotent. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    Instant deadline = Instant.now().plus(STOP_TIMEOUT);
    for (ProcessHandle handle : tree) {
      try {
        handle
            .onExit()
            .get(
                Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("OpenSearch process {} did not exit after SIGKILL", handle.pid());
      }
    }
    deleteRecursively(workDir);
  }

  private void awaitHealthy(Path console) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health =
        HttpRequest.newBuilder(
                httpUri.resolve("/_cluster/health?wait_for_status=yellow&timeout=5s"))
            .timeout(Duration.ofSeconds(10))
            .build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "OpenSearch exited with " + process.exitValue() + " while starting:\n" + tail(console));
      }
      try {
        HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        if (response.statusCode() == 200
            && (body.contains("\"status\":\"green\"") || body.contains("\"status\":\"yellow\""))) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while OpenSearch started", e);
      }
      sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException(
        "OpenSearch did not become healthy within " + START_TIMEOUT + ":\n" + tail(console));
  }

  /**
   * The distribution's config with our JVM options: a 512 MB heap, and every relative path the distribution's
   * jvm.options holds (GC log, heap dumps, the Java agent) made absolute or dropped, since the node's working
   * directory is ours, not the distribution's (which the node's user may not write to).
   */
  private static void writeConfig(Path home, Path config, Path logs, String heap)
      throws IOException {
    Path source = home.resolve("config");
    try (var files = Files.list(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, config.resolve(file.getFileName()));
      }
    }
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(source.resolve("jvm.options"))) {
      String trimmed = line.strip();
      if (trimmed.startsWith("-Xms") || trimmed.startsWith("-Xmx") || trimmed.contains("gc.log")) {
        continue;
      }
      options.add(
          line.replace("HeapDumpPath=data", "HeapDumpPath=" + logs)
              .replace("ErrorFile=logs/", "ErrorFile=" + logs + "/")
              .replace("-javaagent:agent/", "-javaagent:" + home.resolve("agent") + "/"));
    }
    options.add("-Xms" + heap);
    options.add("-Xmx" + heap);
    Files.write(config.resolve("jvm.options"), options, StandardCharsets.UTF_8);
  }

  private static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static void chownRecursively(Path dir, String userName) throws IOException {
    UserPrincipal user;
    try {
      user = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(userName);
    } catch (IOException e) {
      throw new IllegalStateException(
          "OpenSearch refuses to run as root and the user '"
              + userName
              + "' to run it as does not exist; create it (.ci/run does: useradd --system "
              + userName
              + ")",
          e);
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            Files.setOwner(d, user);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.setOwner(file, user);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static boolean readableBy(String user, Path home) throws IOException {
    try {
      Process check =
          new ProcessBuilder(
                  "runuser",
                  "-u",
                  user,
                  "--",
                  "test",
                  "-x",
                  home.resolve("bin/opensearch").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while OpenSearch started", e);
    }
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** A port free right now on 127.0.0.1, for {@link #start(int)}. */
  public static int reservePort() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path console) {
    try {
      List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no console output: " + e.getMessage() + ")";
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while OpenSearch started", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("could not delete OpenSearch's directory {}: {}", dir, e.toString());
    }
  }

  /** Where Maven unpacked the distribution (a resource filtered at build time). */
  record Distribution(String version, Path home) {
    static Distribution unpacked() {
      Properties properties = new Properties();
      try (InputStream in = OpenSearchNode.class.getResourceAsStream("distribution.properties")) {
        if (in == null) {
          throw new IllegalStateException("distribution.properties missing from the class path");
        }
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path home = Path.of(properties.getProperty("home"));
      if (!Files.isExecutable(home.resolve("bin/opensearch"))) {
        throw new IllegalStateException(
            "no OpenSearch distribution at "
                + home
                + ": build tools/opensearch-node in the same reactor (mvn -pl <module> -am verify),"
                + " which unpacks it");
      }
      return new Distribution(properties.getProperty("version"), home);
    }
  }
}
