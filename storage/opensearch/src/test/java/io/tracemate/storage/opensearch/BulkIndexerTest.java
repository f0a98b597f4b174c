package io.tracemate.storage.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.testing.opensearch.OpenSearchExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bulk writes against a real node: items refused for good are counted once and never retried; the rest land. */
class BulkIndexerTest {
  @RegisterExtension static final OpenSearchExtension OPENSEARCH = new OpenSearchExtension();

  private static final String INDEX = "bulk-indexer-test";

  @AfterEach
  void removeIndex() {
    try (OpenSearchHttp http = http()) {
      http.json("DELETE", "/" + INDEX, Map.of("ignore_unavailable", "true"), null);
    }
  }

  private static OpenSearchHttp http() {
    return new OpenSearchHttp(OpenSearchStorageConfig.of(OPENSEARCH.httpUri()));
  }

  @Test
  void aMalformedItemIsCountedAndDroppedWhileTheOthersOfItsRequestLand() {
    try (OpenSearchHttp http = http()) {
      http.json(
          "PUT",
          "/" + INDEX,
          null,
          OpenSearchHttp.JSON
              .createObjectNode()
              .set(
                  "mappings",
                  OpenSearchHttp.JSON
                      .createObjectNode()
                      .set(
                          "properties",
                          OpenSearchHttp.JSON
                              .createObjectNode()
                              .set(
                                  "n",
                                  OpenSearchHttp.JSON.createObjectNode().put("type", "long")))));
      // small batches: several requests, several in flight
      BulkIndexer indexer =
          new BulkIndexer(http, new OpenSearchStorageConfig.Bulk(2048, 2, Duration.ofMillis(50)));
      List<BulkIndexer.Item> items = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        items.add(BulkIndexer.Item.index(INDEX, "ok-" + i, bytes("{\"n\":" + i + "}")));
      }
      items.add(BulkIndexer.Item.index(INDEX, "bad", bytes("{\"n\":\"not a number\"}")));
      indexer.add(items);
      indexer.flush(Duration.ofSeconds(60));
      indexer.flush(Duration.ofSeconds(60)); // nothing left to retry: returns at once

      assertThat(indexer.rejectedDocuments()).isEqualTo(1);
      assertThat(indexer.retriedDocuments()).isZero();
      assertThat(indexer.lastFailure()).contains("400").contains("mapper_parsing_exception");
      JsonNode count = http.json("GET", "/" + INDEX + "/_count", null, null);
      assertThat(count.path("count").asLong()).isEqualTo(100);
      indexer.close();
    }
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
