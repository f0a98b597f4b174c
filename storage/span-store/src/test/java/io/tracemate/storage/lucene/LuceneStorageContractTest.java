package io.tracemate.storage.lucene;

import io.tracemate.storage.StorageBackend;
import io.tracemate.storage.tck.StorageContractTest;
import java.nio.file.Path;

/** The Lucene store passes the storage contract with its default settings. */
class LuceneStorageContractTest extends StorageContractTest {

  @Override
  protected StorageBackend openBackend(Path dataDir) {
    return LuceneStorage.open(LuceneStorageConfig.of(dataDir));
  }
}
