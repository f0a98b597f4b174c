package io.tracemate.storage.opensearch;

import io.tracemate.storage.StorageBackend;
import io.tracemate.storage.tck.StorageContractTest;
import io.tracemate.testing.opensearch.OpenSearchExtension;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenSearch store passes the storage contract, unchanged, against a real node. Each test's data directory
 * names an index prefix of its own (so a reopen finds the same indices), and the test's indices and templates are
 * removed after it: the node is shared by every test of the module.
 */
class OpenSearchStorageContractTest extends StorageContractTest {
  @RegisterExtension static final OpenSearchExtension OPENSEARCH = new OpenSearchExtension();

  /** Runs after the suite's own @AfterEach, which closes (and so flushes) the backend. */
  @RegisterExtension final AfterEachCallback removeIndices = context -> removeIndices();

  private String prefix;

  @Override
  protected StorageBackend openBackend(Path dataDir) {
    prefix = "tck-" + Integer.toHexString(dataDir.toString().hashCode()).toLowerCase(Locale.ROOT);
    return OpenSearchStorage.open(OpenSearchStorageConfig.of(OPENSEARCH.httpUri(), prefix));
  }

  private void removeIndices() {
    if (prefix == null) {
      return;
    }
    OpenSearchStorageConfig config = OpenSearchStorageConfig.of(OPENSEARCH.httpUri());
    try (OpenSearchHttp http = new OpenSearchHttp(config)) {
      http.json("DELETE", "/" + prefix + "-*", Map.of("ignore_unavailable", "true"), null);
      http.json("DELETE", "/_index_template/" + prefix + "-*", null, null);
    }
  }
}
