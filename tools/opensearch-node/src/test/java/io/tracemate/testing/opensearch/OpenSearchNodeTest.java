package io.tracemate.testing.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starts a real node, talks to it over HTTP, and stops it with its whole process tree. */
class OpenSearchNodeTest {

  @Test
  void startsAnswersOnLoopbackAndStopsItsProcessTree() throws Exception {
    OpenSearchNode node = OpenSearchNode.start();
    ProcessHandle[] tree;
    try {
      assertThat(node.httpUri().getHost()).isEqualTo("127.0.0.1");
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> root =
          client.send(
              HttpRequest.newBuilder(node.httpUri()).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(root.statusCode()).isEqualTo(200);
      assertThat(root.body()).contains("\"number\" : \"" + node.version() + "\"");
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(node.httpUri().resolve("/_cluster/health"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).containsPattern("\"status\":\"(green|yellow)\"");
      tree = ProcessHandle.current().descendants().toArray(ProcessHandle[]::new);
      assertThat(tree).isNotEmpty();
      // pid() is the node's JVM, as the node itself reports it (what bin/benchmark-scaleout reads
      // CPU from)
      HttpResponse<String> process =
          client.send(
              HttpRequest.newBuilder(node.httpUri().resolve("/_nodes/_local/process"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(process.body()).contains("\"id\":" + node.pid() + ",");
    } finally {
      node.close();
    }
    assertThat(node.isAlive()).isFalse();
    for (ProcessHandle handle : tree) {
      assertThat(handle.isAlive()).as("process %s", handle.pid()).isFalse();
    }
  }
}
