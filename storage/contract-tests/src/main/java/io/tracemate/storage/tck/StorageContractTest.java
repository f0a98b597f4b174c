package io.tracemate.storage.tck;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.storage.StorageBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract every backend must pass (in the style of Zipkin's ITSpanStore). A backend's test
 * extends this class and implements {@link #openBackend(Path)}; the tests themselves come from the
 * contract interfaces, grouped by topic.
 *
 * <p>Each test gets a fresh data directory and its own seeded {@link Random}. The seed is taken from the
 * system property {@code tracemate.tck.seed} when set, so a failure (which reports its seed) can be replayed.
 */
public abstract class StorageContractTest
    implements TraceRoundTripContract,
        FindTracesContract,
        TraceSummaryContract,
        CatalogContract,
        DependencyContract,
        DurabilityContract,
        ConcurrencyContract,
        TenantIsolationContract,
        TenantRetentionContract {

  /** Opens a backend over {@code dataDir}; called again with the same directory to test persistence. */
  protected abstract StorageBackend openBackend(Path dataDir);

  @TempDir protected Path dataDir;

  private final long seed = Long.getLong("tracemate.tck.seed", System.nanoTime());
  private final Random random = new Random(seed);
  private final long baseNanos =
      Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2)).toEpochMilli()
          * 1_000_000L;
  private StorageBackend backend;

  @RegisterExtension final TestExecutionExceptionHandler seedReporter = this::reportSeed;

  private void reportSeed(ExtensionContext context, Throwable failure) throws Throwable {
    String replay = "seed " + seed + " (replay with -Dtracemate.tck.seed=" + seed + ")";
    System.err.println(context.getDisplayName() + " failed with " + replay);
    failure.addSuppressed(new SeedInfo(replay));
    throw failure;
  }

  /** Carries the seed into the failure report. */
  private static final class SeedInfo extends RuntimeException {
    SeedInfo(String message) {
      super(message, null, false, false);
    }
  }

  @BeforeEach
  void openBackendForTest() {
    backend = openBackend(dataDir);
  }

  @AfterEach
  void closeBackendAfterTest() {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  @Override
  public StorageBackend backend() {
    return backend;
  }

  @Override
  public StorageBackend reopen() {
    backend.close();
    backend = null;
    backend = openBackend(dataDir);
    return backend;
  }

  /** Override with false for a backend that keeps nothing once closed (an in-memory one). */
  @Override
  public boolean persistent() {
    return true;
  }

  /** Override when the backend partitions by arrival time rather than span start time. */
  @Override
  public void writeAt(List<Span> spans, Instant when) {
    backend.spanWriter().write(TenantId.DEFAULT, spans);
  }

  /** Override when the backend's time partitions are longer than a day. */
  @Override
  public Duration retentionGranularity() {
    return Duration.ofDays(1);
  }

  @Override
  public Random random() {
    return random;
  }

  @Override
  public long baseNanos() {
    return baseNanos;
  }
}
