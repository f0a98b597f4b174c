package io.tracemate.alerting.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.common.tenant.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert state of each tenant's rules kept across restarts: one small JSON file per tenant
 * ({@code <dir>/<tenant>.json}) with every pending, firing and recently resolved alert (labels, annotations, state,
 * active-since, fired and resolved times, keep-firing-since, value), rewritten atomically after an evaluation that
 * changed it. On start the ruler restores it, so a pending alert keeps its {@code for} timer (the time the server
 * was down counts, as the condition is taken to have held) and a firing one does not fire again. Evidence is not
 * kept (it is gathered again on the next state change). Thread-safe: one tenant's groups are evaluated one at a
 * time, and writes of one tenant are serialised here.
 */
final class AlertStateStore {
  private static final Logger log = LoggerFactory.getLogger(AlertStateStore.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path directory;
  private final Map<TenantId, byte[]> lastWritten = new ConcurrentHashMap<>();

  AlertStateStore(Path directory) {
    this.directory = directory;
  }

  /** The file's form of one alert. */
  record StoredAlert(
      @JsonProperty("labels") Map<String, String> labels,
      @JsonProperty("annotations") Map<String, String> annotations,
      @JsonProperty("state") AlertState state,
      @JsonProperty("activeAt") Long activeAt,
      @JsonProperty("firedAt") Long firedAt,
      @JsonProperty("resolvedAt") Long resolvedAt,
      @JsonProperty("keepFiringSince") Long keepFiringSince,
      @JsonProperty("value") String value) {}

  /** One group's alerts, by rule key. */
  record StoredGroup(
      @JsonProperty("namespace") String namespace,
      @JsonProperty("group") String group,
      @JsonProperty("rules") Map<String, List<StoredAlert>> rules) {}

  /** A tenant's file. */
  record StoredTenant(@JsonProperty("groups") List<StoredGroup> groups) {}

  /** Writes the tenant's state when it differs from what was last written. */
  synchronized void save(TenantId tenant, List<GroupRuntime> groups) {
    List<StoredGroup> stored = new ArrayList<>();
    for (GroupRuntime group : groups) {
      Map<String, List<ActiveAlert>> state = group.alertState();
      if (state.isEmpty()) {
        continue;
      }
      Map<String, List<StoredAlert>> rules = new TreeMap<>();
      state.forEach(
          (key, alerts) -> rules.put(key, alerts.stream().map(AlertStateStore::store).toList()));
      stored.add(new StoredGroup(group.namespace(), group.group().name(), rules));
    }
    try {
      byte[] bytes = JSON.writeValueAsBytes(new StoredTenant(stored));
      byte[] previous = lastWritten.get(tenant);
      if (previous != null && Arrays.equals(previous, bytes)) {
        return;
      }
      if (previous == null && stored.isEmpty() && !Files.exists(file(tenant))) {
        lastWritten.put(tenant, bytes);
        return;
      }
      AtomicFiles.write(file(tenant), bytes);
      lastWritten.put(tenant, bytes);
    } catch (IOException e) {
      log.warn(
          "Could not save the alert state of tenant {} to {}: {}",
          tenant,
          file(tenant),
          e.toString());
    }
  }

  /** The tenant's saved state: by namespace and group, by rule key. Empty when there is none or it is unreadable. */
  Map<String, Map<String, List<ActiveAlert>>> load(TenantId tenant) {
    Path file = file(tenant);
    Map<String, Map<String, List<ActiveAlert>>> out = new HashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      StoredTenant stored = JSON.readValue(file.toFile(), StoredTenant.class);
      for (StoredGroup group : stored.groups() == null ? List.<StoredGroup>of() : stored.groups()) {
        Map<String, List<ActiveAlert>> rules = new HashMap<>();
        group
            .rules()
            .forEach(
                (key, alerts) ->
                    rules.put(key, alerts.stream().map(AlertStateStore::restore).toList()));
        out.put(key(group.namespace(), group.group()), rules);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Ignoring the unreadable alert state {}: {}", file, e.toString());
    }
    return out;
  }

  static String key(String namespace, String group) {
    return namespace + "\u0000" + group;
  }

  private Path file(TenantId tenant) {
    return directory.resolve(tenant.value() + ".json");
  }

  private static StoredAlert store(ActiveAlert alert) {
    return new StoredAlert(
        alert.labels,
        alert.annotations,
        alert.state,
        millis(alert.activeAt),
        millis(alert.firedAt),
        millis(alert.resolvedAt),
        millis(alert.keepFiringSince),
        Double.toString(alert.value));
  }

  private static ActiveAlert restore(StoredAlert stored) {
    ActiveAlert alert =
        new ActiveAlert(
            new TreeMap<>(stored.labels()),
            stored.annotations() == null ? Map.of() : stored.annotations(),
            instant(stored.activeAt()),
            Double.parseDouble(stored.value()));
    alert.state = stored.state();
    alert.firedAt = instant(stored.firedAt());
    alert.resolvedAt = instant(stored.resolvedAt());
    alert.keepFiringSince = instant(stored.keepFiringSince());
    return alert;
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }
}
