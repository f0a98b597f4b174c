package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Deletes the documents a query matches, a page of IDs at a time: a search for up to {@value #PAGE} IDs, then one
 * bulk delete of them (refreshed, so the next page does not find them again). The integ-test distribution has no
 * reindex module, so no {@code _delete_by_query}; this works on any cluster. Retention of both backends uses it.
 *
 * <p>Shared by the span and the log backends of this module; not an API of its own. Stateless apart from the
 * connection; thread-safe.
 */
public final class DocumentDeleter {
  private static final int PAGE = 5_000;
  private static final int MAX_PAGES = 1_000_000;

  private final OpenSearchHttp http;

  public DocumentDeleter(OpenSearchHttp http) {
    this.http = http;
  }

  /**
   * Deletes every document of {@code indices} (a name, a list or a pattern) that {@code query} matches.
   *
   * @return how many were deleted
   * @throws StorageException when OpenSearch refuses a delete (other than the document being gone already)
   */
  public long deleteMatching(String indices, ObjectNode query) {
    long deleted = 0;
    for (int page = 0; page < MAX_PAGES; page++) {
      ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
      body.set("query", query);
      body.put("size", PAGE);
      body.put("_source", false);
      body.put("track_total_hits", false);
      JsonNode hits =
          http.json(
                  "POST",
                  "/" + indices + "/_search",
                  Map.of("ignore_unavailable", "true", "allow_no_indices", "true"),
                  body)
              .path("hits")
              .path("hits");
      if (hits.isEmpty()) {
        return deleted;
      }
      ByteArrayOutputStream bulk = new ByteArrayOutputStream();
      for (JsonNode hit : hits) {
        ObjectNode action = OpenSearchHttp.JSON.createObjectNode();
        action
            .putObject("delete")
            .put("_index", hit.path("_index").asText())
            .put("_id", hit.path("_id").asText());
        bulk.writeBytes((action + "\n").getBytes(StandardCharsets.UTF_8));
      }
      JsonNode answer =
          http.send(
              "POST",
              "/_bulk",
              Map.of("refresh", "true"),
              bulk.toByteArray(),
              "application/x-ndjson");
      for (JsonNode item : answer.path("items")) {
        int status = item.path("delete").path("status").asInt(500);
        if (status >= 200 && status < 300) {
          deleted++;
        } else if (status != 404) {
          throw new StorageException(
              "retention could not delete from "
                  + item.path("delete").path("_index").asText()
                  + ": "
                  + item.path("delete").path("error"),
              OpenSearchHttp.retryable(status));
        }
      }
    }
    return deleted;
  }
}
