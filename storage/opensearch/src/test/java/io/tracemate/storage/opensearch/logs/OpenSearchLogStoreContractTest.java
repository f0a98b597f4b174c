package io.tracemate.storage.opensearch.logs;

import io.tracemate.logs.LogStore;
import io.tracemate.logs.tck.LogStoreContractTest;
import io.tracemate.storage.opensearch.OpenSearchHttp;
import io.tracemate.storage.opensearch.OpenSearchStorageConfig;
import io.tracemate.testing.opensearch.OpenSearchExtension;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenSearch log store passes the log contract, unchanged, against a real node (the one the module's other
 * tests share). Each test's directory names an index prefix of its own, so a reopen finds the same indices, and the
 * test's indices and template are removed after it.
 */
class OpenSearchLogStoreContractTest extends LogStoreContractTest {
  @RegisterExtension static final OpenSearchExtension OPENSEARCH = new OpenSearchExtension();

  /** Runs after the suite's own @AfterEach, which closes (and so flushes) the stores. */
  @RegisterExtension final AfterEachCallback removeIndices = context -> removeIndices();

  private String prefix;

  @Override
  protected LogStore open(Path dir) {
    prefix = "logtck-" + Integer.toHexString(dir.toString().hashCode()).toLowerCase(Locale.ROOT);
    return OpenSearchLogStore.open(
        OpenSearchStorageConfig.of(OPENSEARCH.httpUri(), prefix), dir.resolve("opensearch-logs"));
  }

  private void removeIndices() {
    if (prefix == null) {
      return;
    }
    try (OpenSearchHttp http =
        new OpenSearchHttp(OpenSearchStorageConfig.of(OPENSEARCH.httpUri()))) {
      http.json("DELETE", "/" + prefix + "-*", Map.of("ignore_unavailable", "true"), null);
      http.json("DELETE", "/_index_template/" + prefix + "-*", null, null);
    }
  }
}
