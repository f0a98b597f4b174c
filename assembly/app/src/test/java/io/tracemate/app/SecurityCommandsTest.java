package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.auth.ApiTokens;
import io.tracemate.server.TracemateServer;
import io.tracemate.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tracemate token create} and {@code tracemate audit verify} through the picocli entry point, the latter over
 * the audit log a real server wrote while serving requests with a token the former made.
 */
class SecurityCommandsTest {

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new Tracemate())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(exit, out + err.toString());
  }

  @Test
  void tokenCreatePrintsATokenAndTheConfigLineHoldingItsHash() {
    Run created = run("token", "create", "--name", "collector-eu", "--role", "writer");
    assertThat(created.exit()).as(created.out()).isZero();
    Matcher token = Pattern.compile("(tmt_[A-Za-z0-9_-]{43})").matcher(created.out());
    assertThat(token.find()).as(created.out()).isTrue();
    assertThat(created.out())
        .contains(
            "- {name: collector-eu, sha256: "
                + ApiTokens.sha256Hex(token.group(1))
                + ", tenant: fake, role: writer}");
    assertThat(run("token", "create", "--role", "root").exit()).isNotZero();
  }

  @Test
  void auditVerifyPassesTheServersLogAndNamesTheFirstEditedRecord(@TempDir Path folder)
      throws Exception {
    Run created = run("token", "create", "--name", "grafana", "--role", "viewer");
    Matcher line =
        Pattern.compile("(tmt_\\S+)[\\s\\S]*(- \\{name: grafana.*\\})").matcher(created.out());
    assertThat(line.find()).as(created.out()).isTrue();
    String token = line.group(1);
    Path data = folder.resolve("data");
    Path file = folder.resolve("tracemate.yaml");
    Files.writeString(
        file,
        """
          server: {bind: 127.0.0.1, shutdown-grace: 5s}
          receivers: {otlp-grpc-port: 0, otlp-http-port: 0, zipkin-port: 0}
          query: {http-port: 0}
          storage: {data-dir: %s}
          auth:
            enabled: true
            tokens:
              %s
          """
            .formatted(data, line.group(2)));
    HttpClient http = HttpClient.newHttpClient();
    try (TracemateServer server = TracemateServer.start(new ConfigLoader().load(file))) {
      for (String path : List.of("/api/services", "/loki/api/v1/labels", "/api/services")) {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
      }
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.httpPort() + "/api/services"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
    }

    Run intact = run("audit", "verify", "--data-dir", data.toString());
    assertThat(intact.exit()).as(intact.out()).isZero();
    assertThat(intact.out()).startsWith("audit log intact: 4 records");

    Path log;
    try (Stream<Path> files = Files.list(data.resolve("audit"))) {
      log = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).findFirst().get();
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    assertThat(lines.get(1)).contains("\"actor\":\"grafana\"");
    lines.set(1, lines.get(1).replace("\"actor\":\"grafana\"", "\"actor\":\"mallory\""));
    Files.write(log, lines);

    Run broken = run("audit", "verify", "--data-dir", data.toString());
    assertThat(broken.exit()).as(broken.out()).isEqualTo(1);
    assertThat(broken.out()).contains("BROKEN").contains(log.getFileName() + " line 2");
    assertThat(run("audit", "verify").exit()).as("no directory given").isNotZero();
  }
}
