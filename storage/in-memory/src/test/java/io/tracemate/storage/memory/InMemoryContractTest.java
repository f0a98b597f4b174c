package io.tracemate.storage.memory;

import io.tracemate.logs.LogStore;
import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.tck.LogStoreContractTest;
import io.tracemate.storage.StorageBackend;
import io.tracemate.storage.tck.StorageContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The in-memory reference backends pass both contract suites (plugged in as {@code @Nested} classes, as Zipkin runs
 * its in-memory storage), all but what needs data to outlive a close: they keep nothing once closed.
 */
class InMemoryContractTest {

  @Nested
  class Spans extends StorageContractTest {
    @Override
    protected StorageBackend openBackend(Path dataDir) {
      return new InMemoryStorage();
    }

    @Override
    public boolean persistent() {
      return false;
    }
  }

  @Nested
  class Logs extends LogStoreContractTest {
    @Override
    protected LogStore open(Path dir) {
      return new InMemoryLogStore();
    }

    @Override
    protected boolean persistent() {
      return false;
    }
  }
}
