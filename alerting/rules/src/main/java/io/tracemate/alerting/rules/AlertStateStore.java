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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /** Each tenant's groups as last saved, by {@link #key}; a group without alerts is absent. */
  private final Map<TenantId, Map<String, StoredGroup>> saved = new HashMap<>();

  /**
   * Saves one group's alerts after its evaluation: only this group's part is built and compared, and the tenant's
   * file is written only when it changed (so a round of many groups costs one comparison per group, not a file
   * per group).
   */
  synchronized void save(TenantId tenant, GroupRuntime group) {
    Map<String, StoredGroup> groups = saved.computeIfAbsent(tenant, t -> new TreeMap<>());
    String key = key(group.namespace(), group.group().name());
    StoredGroup now = stored(group);
    if (java.util.Objects.equals(groups.get(key), now)) {
      return;
    }
    if (now == null) {
      groups.remove(key);
    } else {
      groups.put(key, now);
    }
    write(tenant, groups);
  }

  /** Saves all of a tenant's groups (after its rules changed: removed groups' alerts go). */
  synchronized void saveAll(TenantId tenant, List<GroupRuntime> runtimes) {
    Map<String, StoredGroup> groups = new TreeMap<>();
    for (GroupRuntime group : runtimes) {
      StoredGroup stored = stored(group);
      if (stored != null) {
        groups.put(key(group.namespace(), group.group().name()), stored);
      }
    }
    Map<String, StoredGroup> before = saved.put(tenant, groups);
    if (!groups.equals(before == null ? Map.of() : before) || before == null && !groups.isEmpty()) {
      write(tenant, groups);
    }
  }

  private static StoredGroup stored(GroupRuntime group) {
    Map<String, List<ActiveAlert>> state = group.alertState();
    if (state.isEmpty()) {
      return null;
    }
    Map<String, List<StoredAlert>> rules = new TreeMap<>();
    state.forEach(
        (rule, alerts) -> rules.put(rule, alerts.stream().map(AlertStateStore::store).toList()));
    return new StoredGroup(group.namespace(), group.group().name(), rules);
  }

  private void write(TenantId tenant, Map<String, StoredGroup> groups) {
    try {
      AtomicFiles.write(
          file(tenant), JSON.writeValueAsBytes(new StoredTenant(new ArrayList<>(groups.values()))));
    } catch (IOException e) {
      log.warn(
          "Could not save the alert state of tenant {} to {}: {}",
          tenant,
          file(tenant),
          e.toString());
    }
  }

  /** The tenant's saved state: by namespace and group, by rule key. Empty when there is none or it is unreadable. */
  synchronized Map<String, Map<String, List<ActiveAlert>>> load(TenantId tenant) {
    Path file = file(tenant);
    Map<String, Map<String, List<ActiveAlert>>> out = new HashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      StoredTenant stored = JSON.readValue(file.toFile(), StoredTenant.class);
      Map<String, StoredGroup> known = saved.computeIfAbsent(tenant, t -> new TreeMap<>());
      for (StoredGroup group : stored.groups() == null ? List.<StoredGroup>of() : stored.groups()) {
        // Kept as saved until the group is evaluated, so a save of another group does not drop it.
        known.put(key(group.namespace(), group.group()), group);
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
