package io.tracemate.storage.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.storage.StorageException;
import io.tracemate.testing.opensearch.OpenSearchExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulk writes against a real node: items refused for good are counted once and never retried; items of a blocked
 * index are retried alone until the block is lifted; the rest land.
 */
class BulkIndexerTest {
  @RegisterExtension static final OpenSearchExtension OPENSEARCH = new OpenSearchExtension();

  private static final String INDEX = "bulk-indexer-test";

  @AfterEach
  void removeIndex() {
    try (OpenSearchHttp http = http()) {
      http.json("DELETE", "/" + INDEX + "*", Map.of("ignore_unavailable", "true"), null);
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

  /**
   * Two indices OpenSearch blocks for writes, as a disk past the flood-stage watermark does
   * ({@code index.blocks.read_only_allow_delete}) and as an operator does ({@code index.blocks.write}), refuse their
   * items of each bulk request while a third index takes its own: the refused items are retried alone and counted,
   * a flush says OpenSearch has not taken everything, and once the blocks are lifted every document lands once;
   * nothing is dropped as malformed.
   */
  @Test
  void itemsOfABlockedIndexAreRetriedUntilTheBlockIsLiftedWhileTheOthersLand() {
    String diskFull = INDEX + "-disk-full";
    String writeBlocked = INDEX + "-write-blocked";
    try (OpenSearchHttp http = http()) {
      for (String index : List.of(INDEX, diskFull, writeBlocked)) {
        http.json("PUT", "/" + index, null, null);
      }
      block(http, diskFull, "index.blocks.read_only_allow_delete", true);
      block(http, writeBlocked, "index.blocks.write", true);
      BulkIndexer indexer =
          new BulkIndexer(http, new OpenSearchStorageConfig.Bulk(4096, 2, Duration.ofMillis(50)));
      List<BulkIndexer.Item> items = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        for (String index : List.of(INDEX, diskFull, writeBlocked)) {
          items.add(BulkIndexer.Item.index(index, "doc-" + i, bytes("{\"n\":" + i + "}")));
        }
      }
      indexer.add(items);
      assertThatThrownBy(() -> indexer.flush(Duration.ofSeconds(3)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("still retrying")
          .hasMessageContaining("block");
      assertThat(count(http, INDEX)).isEqualTo(30);
      OpenSearchWriteStats blocked = indexer.stats();
      assertThat(blocked.documents()).isEqualTo(30);
      assertThat(blocked.rejectedDocuments()).isZero();
      assertThat(blocked.retriedDocuments()).isGreaterThanOrEqualTo(60);
      assertThat(blocked.itemFailures())
          .containsKey(new OpenSearchWriteStats.ItemFailure("cluster_block_exception", true))
          .doesNotContainKey(
              new OpenSearchWriteStats.ItemFailure("cluster_block_exception", false));
      assertThat(blocked.inFlightBytes()).isPositive();

      block(http, diskFull, "index.blocks.read_only_allow_delete", false);
      block(http, writeBlocked, "index.blocks.write", false);
      indexer.flush(Duration.ofSeconds(60));
      for (String index : List.of(INDEX, diskFull, writeBlocked)) {
        assertThat(count(http, index)).as(index).isEqualTo(30);
      }
      OpenSearchWriteStats lifted = indexer.stats();
      assertThat(lifted.documents()).isEqualTo(90);
      assertThat(lifted.rejectedDocuments()).isZero();
      assertThat(lifted.inFlightBytes()).isZero();
      assertThat(lifted.bytes()).isGreaterThan(lifted.requests());
      indexer.close();
    }
  }

  private static void block(OpenSearchHttp http, String index, String setting, boolean on) {
    com.fasterxml.jackson.databind.node.ObjectNode settings =
        OpenSearchHttp.JSON.createObjectNode();
    if (on) {
      settings.put(setting, true);
    } else {
      settings.putNull(setting);
    }
    http.json("PUT", "/" + index + "/_settings", null, settings);
  }

  private static long count(OpenSearchHttp http, String index) {
    http.json("POST", "/" + index + "/_refresh", null, null);
    return http.json("GET", "/" + index + "/_count", null, null).path("count").asLong();
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
