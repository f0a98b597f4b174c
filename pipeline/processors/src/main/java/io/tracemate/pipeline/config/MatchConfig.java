package io.tracemate.pipeline.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The collector's include/exclude match properties for spans. Every property that is set must match (AND);
 * within {@code services}, {@code span_names} and {@code span_kinds} one item matching is enough (OR); all
 * listed {@code attributes} / {@code resources} must match. {@code match_type} is strict (equality) or regexp
 * (unanchored, like the collector's RE2 MatchString: anchor with ^...$). Span kinds are written
 * SPAN_KIND_SERVER etc. The {@code regexp} cache section is accepted and ignored.
 */
public record MatchConfig(
    @JsonProperty("match_type") String matchType,
    @JsonProperty("services") List<String> services,
    @JsonProperty("span_names") List<String> spanNames,
    @JsonProperty("span_kinds") List<String> spanKinds,
    @JsonProperty("attributes") List<AttributeMatch> attributes,
    @JsonProperty("resources") List<AttributeMatch> resources,
    @JsonProperty("libraries") List<Library> libraries,
    @JsonProperty("regexp") Map<String, Object> regexp) {

  public MatchConfig {
    services = Lists.copy(services);
    spanNames = Lists.copy(spanNames);
    spanKinds = Lists.copy(spanKinds);
    attributes = Lists.copy(attributes);
    resources = Lists.copy(resources);
    libraries = Lists.copy(libraries);
    regexp = regexp == null ? Map.of() : regexp;
  }

  /** An attribute that must be present, and equal (strict) or match (regexp) {@code value} when given. */
  public record AttributeMatch(
      @JsonProperty("key") String key, @JsonProperty("value") Object value) {}

  /** An instrumentation scope; a null version matches any version, "" only an empty one. */
  public record Library(
      @JsonProperty("name") String name, @JsonProperty("version") String version) {}
}
