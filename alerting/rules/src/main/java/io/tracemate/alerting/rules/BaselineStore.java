package io.tracemate.alerting.rules;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.promql.engine.Label;
import io.tracemate.promql.engine.Labels;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learned profiles of every baseline series, per tenant, kept across restarts: one file per tenant
 * ({@code <dir>/<tenant>.baselines}: a header, each series' labels and {@link SeasonalProfile}, a CRC32C of it
 * all), rewritten atomically ({@link AtomicFiles}) when the tenant's profiles changed and {@link #SAVE_EVERY} has
 * passed since the last write, and on close. A crash loses at most that much learning; a file that does not read
 * (damaged, another version) is logged and the tenant starts learning afresh. {@link #SAVE_EVERY} is real time,
 * whatever the ruler's clock says. A series is keyed by the labels of the
 * value series its rule writes ({@code __name__} is the rule's name), so it keeps its profile when its group is
 * renamed or moved. Bounded: at most {@code maxSeriesPerTenant} series per tenant; a series silent for two seasons
 * is forgotten.
 *
 * <p>Thread-safe: each tenant's profiles are used under that tenant's lock (its groups are evaluated one at a time
 * anyway).
 */
final class BaselineStore {
  private static final Logger log = LoggerFactory.getLogger(BaselineStore.class);
  private static final int MAGIC = 0x544d424c; // "TMBL"
  private static final int VERSION = 1;
  private static final String SUFFIX = ".baselines";

  /** Profiles are written at most this often (and on close). */
  static final Duration SAVE_EVERY = Duration.ofMinutes(5);

  private final Path directory;
  private final int maxSeriesPerTenant;
  private final Map<TenantId, Tenant> tenants = new ConcurrentHashMap<>();

  BaselineStore(Path directory, int maxSeriesPerTenant) {
    if (maxSeriesPerTenant < 1) {
      throw new IllegalArgumentException(
          "maxSeriesPerTenant must be positive, got " + maxSeriesPerTenant);
    }
    this.directory = directory;
    this.maxSeriesPerTenant = maxSeriesPerTenant;
  }

  /** One tenant's profiles. Guarded by itself. */
  static final class Tenant {
    private final Map<Labels, SeasonalProfile> series = new HashMap<>();
    private final int max;
    private boolean dirty;
    private long savedAtNanos;
    private boolean saved;

    Tenant(int max) {
      this.max = max;
    }

    /** Whether {@code added} new series fit. */
    synchronized boolean hasRoomFor(int added) {
      return series.size() + added <= max;
    }

    synchronized boolean contains(Labels labels) {
      return series.containsKey(labels);
    }

    /** The series' profile, made when new (a season change starts it afresh). */
    synchronized SeasonalProfile profile(Labels labels, Duration season) {
      SeasonalProfile profile = series.get(labels);
      if (profile == null || !profile.season().equals(season)) {
        if (profile == null && series.size() >= max) {
          throw new IllegalStateException(
              "the tenant already learns "
                  + max
                  + " baseline series (ruler.max_baseline_series_per_tenant)");
        }
        profile = new SeasonalProfile(season);
        series.put(labels, profile);
      }
      dirty = true;
      return profile;
    }

    synchronized int size() {
      return series.size();
    }
  }

  /** The tenant's profiles, read from its file the first time. */
  Tenant tenant(TenantId tenant) {
    return tenants.computeIfAbsent(tenant, this::load);
  }

  /** Writes the tenant's profiles when they changed and the last write is {@link #SAVE_EVERY} old. */
  void saveIfDue(TenantId tenantId, long nowMillis) {
    Tenant tenant = tenants.get(tenantId);
    if (tenant == null) {
      return;
    }
    synchronized (tenant) {
      // Real time, not the ruler's clock: what is bounded is how often the disk is written.
      if (tenant.dirty
          && (!tenant.saved || System.nanoTime() - tenant.savedAtNanos >= SAVE_EVERY.toNanos())) {
        save(tenantId, tenant, nowMillis);
      }
    }
  }

  /** Writes every tenant whose profiles changed (on close). */
  void saveAll(long nowMillis) {
    tenants.forEach(
        (id, tenant) -> {
          synchronized (tenant) {
            if (tenant.dirty) {
              save(id, tenant, nowMillis);
            }
          }
        });
  }

  /** Series learned by each tenant, for the gauge. */
  Map<TenantId, Integer> sizes() {
    Map<TenantId, Integer> out = new HashMap<>();
    tenants.forEach((id, tenant) -> out.put(id, tenant.size()));
    return out;
  }

  /** Holds the tenant's lock. */
  private void save(TenantId id, Tenant tenant, long nowMillis) {
    long forgetBefore = nowMillis - 2 * BaselineSpec.WEEK.toMillis();
    tenant
        .series
        .values()
        .removeIf(p -> p.lastSeen() < forgetBefore && p.lastSeen() != Long.MIN_VALUE);
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(tenant.series.size());
      for (Map.Entry<Labels, SeasonalProfile> entry : tenant.series.entrySet()) {
        List<Label> labels = entry.getKey().asList();
        out.writeShort(labels.size());
        for (Label label : labels) {
          out.writeUTF(label.name());
          out.writeUTF(label.value());
        }
        entry.getValue().write(out);
      }
      out.flush();
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
      out.flush();
      AtomicFiles.write(file(id), bytes.toByteArray());
      tenant.dirty = false;
      tenant.saved = true;
      tenant.savedAtNanos = System.nanoTime();
    } catch (IOException e) {
      log.warn("Could not save the baselines of tenant {} to {}: {}", id, file(id), e.toString());
    }
  }

  private Tenant load(TenantId id) {
    Tenant tenant = new Tenant(maxSeriesPerTenant);
    Path file = file(id);
    if (!Files.exists(file)) {
      return tenant;
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < 16) {
        throw new IOException("too short");
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
        throw new IOException("checksum mismatch");
      }
      DataInputStream in =
          new DataInputStream(
              new java.io.ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 4)));
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not a baseline file of version " + VERSION);
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        int size = in.readUnsignedShort();
        List<Label> labels = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
          labels.add(new Label(in.readUTF(), in.readUTF()));
        }
        SeasonalProfile profile = SeasonalProfile.read(in);
        if (tenant.series.size() < maxSeriesPerTenant) {
          tenant.series.put(Labels.of(labels), profile);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Ignoring the unreadable baselines {}: {}", file, e.toString());
      tenant.series.clear();
    }
    return tenant;
  }

  private Path file(TenantId tenant) {
    return directory.resolve(tenant.value() + SUFFIX);
  }
}
