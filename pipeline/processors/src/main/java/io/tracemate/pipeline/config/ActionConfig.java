package io.tracemate.pipeline.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One attribute action with the collector's keys.
 *
 * <ul>
 *   <li>{@code action}: insert, update, upsert, delete, hash, extract, convert (collector), rename (Tracemate).
 *   <li>{@code key}: the attribute acted upon (for rename: the new key).
 *   <li>{@code value}: a literal (string, number, bool, list, map) for insert/update/upsert.
 *   <li>{@code from_attribute}: copy the value of this attribute (insert/update/upsert); the old key for rename.
 *   <li>{@code default_value}: used when {@code from_attribute} is absent.
 *   <li>{@code from_context}: accepted by the collector for client metadata; refused here (no such context).
 *   <li>{@code pattern}: key regex for delete/hash; regex with named groups for extract.
 *   <li>{@code converted_type}: int, double, string (collector) or bool (Tracemate) for convert.
 * </ul>
 */
public record ActionConfig(
    @JsonProperty("key") String key,
    @JsonProperty("action") String action,
    @JsonProperty("value") Object value,
    @JsonProperty("from_attribute") String fromAttribute,
    @JsonProperty("from_context") String fromContext,
    @JsonProperty("default_value") Object defaultValue,
    @JsonProperty("pattern") String pattern,
    @JsonProperty("converted_type") String convertedType) {}
