package io.tracemate.server;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one process does ({@code tracemate server --target}): {@code receiver} takes every protocol, runs the
 * processors that must run before anything is stored and writes to Kafka; {@code ingester} consumes Kafka, runs span
 * metrics, the service graph and tail sampling, writes the store and publishes the RED deltas; {@code querier} serves
 * the APIs and the UI from the store and the deltas every ingester published. {@code all} (the default) is the three in one process: without a {@code kafka} block, the single process
 * with its local write-ahead log; with one, receiver → Kafka → ingester inside one process. Several are joined with
 * commas ({@code ingester,querier}).
 */
public record Roles(Set<Role> roles) {
  public enum Role {
    RECEIVER,
    INGESTER,
    QUERIER
  }

  public static final Roles ALL = new Roles(EnumSet.allOf(Role.class));

  public Roles {
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("--target names no role");
    }
    roles = Set.copyOf(roles);
  }

  /** {@code all}, or roles joined with commas. */
  public static Roles parse(String target) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : target.split(",")) {
      String role = name.strip().toLowerCase(Locale.ROOT);
      switch (role) {
        case "all" -> roles.addAll(EnumSet.allOf(Role.class));
        case "receiver" -> roles.add(Role.RECEIVER);
        case "ingester" -> roles.add(Role.INGESTER);
        case "querier" -> roles.add(Role.QUERIER);
        default ->
            throw new IllegalArgumentException(
                "--target: unknown role '"
                    + name.strip()
                    + "' (all, receiver, ingester, querier, or several joined with commas)");
      }
    }
    return new Roles(roles);
  }

  /**
   * Refuses what cannot work: roles apart need Kafka between them; a querier without an ingester in its process
   * reads the stores the ingesters write, so they must be shared (OpenSearch), and the span metrics and service graph
   * the ingesters publish to Kafka.
   *
   * @param sharedStores whether every store a querier reads is shared between processes (not the embedded ones,
   *     which have one writer and live in its data folder)
   * @param embeddedStoreNames the embedded stores that are not, for the message
   */
  public void checkAgainst(
      boolean kafkaConfigured, boolean sharedStores, String embeddedStoreNames) {
    if (!isAll() && !kafkaConfigured) {
      throw new IllegalArgumentException(
          "--target "
              + this
              + " needs Kafka between the roles: configure kafka.brokers (or run --target all)");
    }
    if (has(Role.QUERIER) && !has(Role.INGESTER) && !sharedStores) {
      throw new IllegalArgumentException(
          "--target "
              + this
              + ": a querier without an ingester reads the stores the ingesters write, but "
              + embeddedStoreNames
              + " embedded (one writer, in its own data folder, not shared between processes):"
              + " store spans and logs in OpenSearch (storage.backend: opensearch, and"
              + " storage.logs-backend unset or opensearch; or logs.enabled: false), or run"
              + " --target ingester,querier");
    }
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean isAll() {
    return roles.size() == Role.values().length;
  }

  @Override
  public String toString() {
    return isAll()
        ? "all"
        : roles.stream()
            .sorted()
            .map(role -> role.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(","));
  }
}
