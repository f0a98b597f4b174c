package io.tracemate.pipeline.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The {@code semantic_alignment} processor: renames legacy, Zipkin/OpenTracing and SkyWalking attribute keys
 * to OpenTelemetry semantic conventions.
 *
 * @param shippedTable use the table shipped in the jar (default true)
 * @param renames extra {@code old: new} renames, applied before the shipped table (so they can override it)
 * @param include only spans matching this are aligned
 * @param exclude spans matching this are left alone
 */
public record SemanticAlignmentConfig(
    @JsonProperty("shipped_table") Boolean shippedTable,
    @JsonProperty("renames") Map<String, String> renames,
    @JsonProperty("include") MatchConfig include,
    @JsonProperty("exclude") MatchConfig exclude)
    implements ProcessorConfig {

  public SemanticAlignmentConfig {
    shippedTable = shippedTable == null || shippedTable;
    renames = renames == null ? Map.of() : renames;
  }
}
