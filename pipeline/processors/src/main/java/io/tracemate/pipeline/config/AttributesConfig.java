package io.tracemate.pipeline.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The collector's {@code attributes} processor: a list of actions applied in order to the span attributes of
 * the spans selected by {@code include} / {@code exclude}. A collector block pastes as is, e.g.
 *
 * <pre>
 * attributes/http:
 *   include: {match_type: strict, services: [checkout]}
 *   actions:
 *     - {key: http.url, action: delete}
 *     - {key: user.id, action: hash}
 * </pre>
 */
public record AttributesConfig(
    @JsonProperty("actions") List<ActionConfig> actions,
    @JsonProperty("include") MatchConfig include,
    @JsonProperty("exclude") MatchConfig exclude)
    implements ProcessorConfig {

  public AttributesConfig {
    actions = Lists.copy(actions);
  }
}
