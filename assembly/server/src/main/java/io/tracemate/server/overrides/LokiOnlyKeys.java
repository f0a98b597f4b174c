package io.tracemate.server.overrides;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keys of Loki's runtime overrides Tracemate does not implement, so that a Loki overrides file pasted as is
 * loads: such a key is skipped and remembered (with the tenants that set it) for one warning per load; a key that
 * is neither Loki's nor ours is still refused with its file, key path and line. One instance per load; not
 * thread-safe.
 */
final class LokiOnlyKeys extends DeserializationProblemHandler {
  /** Loki's per-tenant limits ({@code limits_config}) that are not ours (ours are the records' own keys). */
  static final Set<String> TENANT_KEYS =
      Set.of(
          "ingestion_rate_strategy",
          "max_label_name_length",
          "max_label_value_length",
          "reject_old_samples",
          "reject_old_samples_max_age",
          "creation_grace_period",
          "enforce_metric_name",
          "max_line_size_truncate",
          "increment_duplicate_timestamp",
          "discover_service_name",
          "discover_log_levels",
          "discover_generic_fields",
          "log_level_fields",
          "use_owned_stream_count",
          "unordered_writes",
          "max_chunks_per_query",
          "max_query_range",
          "max_query_bytes_read",
          "max_querier_bytes_read",
          "tsdb_max_query_parallelism",
          "tsdb_max_bytes_per_shard",
          "tsdb_sharding_strategy",
          "tsdb_precompute_chunks",
          "cardinality_limit",
          "max_streams_matchers_per_query",
          "max_concurrent_tail_requests",
          "max_cache_freshness_per_query",
          "max_metadata_cache_freshness",
          "max_stats_cache_freshness",
          "max_queriers_per_tenant",
          "max_query_capacity",
          "query_ready_index_num_days",
          "split_queries_by_interval",
          "split_metadata_queries_by_interval",
          "split_recent_metadata_queries_by_interval",
          "recent_metadata_query_window",
          "split_instant_metric_queries_by_interval",
          "split_ingester_queries_by_interval",
          "min_sharding_lookback",
          "volume_enabled",
          "volume_max_series",
          "ruler_evaluation_delay_duration",
          "ruler_max_rules_per_rule_group",
          "ruler_max_rule_groups_per_tenant",
          "ruler_alertmanager_config",
          "ruler_remote_write_disabled",
          "ruler_remote_write_url",
          "ruler_remote_write_timeout",
          "ruler_remote_write_headers",
          "ruler_remote_write_relabel_configs",
          "ruler_remote_write_queue_capacity",
          "ruler_remote_write_queue_min_shards",
          "ruler_remote_write_queue_max_shards",
          "ruler_remote_write_queue_max_samples_per_send",
          "ruler_remote_write_queue_batch_send_deadline",
          "ruler_remote_write_queue_min_backoff",
          "ruler_remote_write_queue_max_backoff",
          "ruler_remote_write_queue_retry_on_ratelimit",
          "ruler_remote_write_sigv4_config",
          "ruler_remote_evaluation_timeout",
          "ruler_remote_evaluation_max_response_size",
          "deletion_mode",
          "retention_stream",
          "per_tenant_override_config",
          "per_tenant_override_period",
          "index_gateway_shard_size",
          "bloom_gateway_shard_size",
          "bloom_gateway_enable_filtering",
          "bloom_creation_enabled",
          "bloom_split_series_keyspace_by",
          "bloom_block_encoding",
          "bloom_max_block_size",
          "bloom_max_bloom_size",
          "allow_structured_metadata",
          "max_structured_metadata_size",
          "max_structured_metadata_entries_count",
          "otlp_config",
          "block_ingestion_until",
          "block_ingestion_status_code",
          "enforced_labels",
          "policy_stream_mapping",
          "ingestion_partitions_tenant_shard_size",
          "pattern_persistence_enabled",
          "metric_aggregation_enabled",
          "shard_streams",
          "shard_aggregations",
          "blocked_queries",
          "required_labels",
          "minimum_labels_number",
          "simulated_push_latency");

  /** Loki's other top-level runtime configuration sections (not per-tenant limits). */
  static final Set<String> TOP_LEVEL_KEYS = Set.of("configs", "multi_kv_config", "ingester_limits");

  /** Skipped key, to the tenants that set it (empty for a top-level section). */
  private final Map<String, Set<String>> skipped = new TreeMap<>();

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext ctxt,
      JsonParser p,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
    boolean tenantKey = type == TenantOverrides.class && TENANT_KEYS.contains(propertyName);
    boolean topLevel = type == RuntimeOverrides.class && TOP_LEVEL_KEYS.contains(propertyName);
    if (!tenantKey && !topLevel) {
      return false;
    }
    Set<String> tenants = skipped.computeIfAbsent(propertyName, k -> new TreeSet<>());
    if (tenantKey) {
      // The tenant is the current name of the overrides map, two levels below the root (root, the
      // file's
      // object, the map), however deep the parser already is inside the key's object or list value.
      JsonStreamContext map = p.getParsingContext();
      while (map != null
          && map.getParent() != null
          && map.getParent().getParent() != null
          && !map.getParent().getParent().inRoot()) {
        map = map.getParent();
      }
      if (map != null && map.getCurrentName() != null) {
        tenants.add(map.getCurrentName());
      }
    }
    p.skipChildren();
    return true;
  }

  /** The skipped keys with the tenants that set them, for the warning; empty when none. */
  String describe() {
    StringBuilder text = new StringBuilder();
    skipped.forEach(
        (key, tenants) ->
            text.append(text.isEmpty() ? "" : ", ")
                .append(key)
                .append(tenants.isEmpty() ? "" : " " + tenants));
    return text.toString();
  }
}
