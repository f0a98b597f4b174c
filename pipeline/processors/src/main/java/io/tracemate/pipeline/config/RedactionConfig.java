package io.tracemate.pipeline.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code redaction} processor. Keys shared with the collector's redaction processor keep its names and
 * meaning: {@code allow_all_keys}, {@code allowed_keys}, {@code ignored_keys}, {@code blocked_values},
 * {@code blocked_key_patterns}, {@code summary} (silent|info|debug). Tracemate adds:
 *
 * <ul>
 *   <li>{@code patterns}: shipped patterns to apply, by name (default: all of them, in their shipped order).
 *   <li>{@code custom_patterns}: {@code {name, pattern, replacement}}; the replacement may use $1 / ${name}.
 *   <li>{@code replacement}: the mask (default {@code ****}, the collector's).
 *   <li>{@code disallowed_keys}: what the allow-list does to other keys: {@code drop} (default, the
 *       collector's behaviour) or {@code mask} (keep the key, replace its value).
 * </ul>
 *
 * <p>Deviation: when {@code allow_all_keys} is not set it defaults to true unless {@code allowed_keys} is
 * given, so a processor configured only with patterns does not delete every attribute (the collector defaults
 * to false and fails closed).
 */
public record RedactionConfig(
    @JsonProperty("allow_all_keys") Boolean allowAllKeys,
    @JsonProperty("allowed_keys") List<String> allowedKeys,
    @JsonProperty("ignored_keys") List<String> ignoredKeys,
    @JsonProperty("blocked_values") List<String> blockedValues,
    @JsonProperty("blocked_key_patterns") List<String> blockedKeyPatterns,
    @JsonProperty("summary") String summary,
    @JsonProperty("patterns") List<String> patterns,
    @JsonProperty("custom_patterns") List<CustomPattern> customPatterns,
    @JsonProperty("replacement") String replacement,
    @JsonProperty("disallowed_keys") String disallowedKeys)
    implements ProcessorConfig {

  public static final String DEFAULT_MASK = "****";

  public RedactionConfig {
    allowedKeys = Lists.copy(allowedKeys);
    allowAllKeys = allowAllKeys == null ? allowedKeys.isEmpty() : allowAllKeys;
    ignoredKeys = Lists.copy(ignoredKeys);
    blockedValues = Lists.copy(blockedValues);
    blockedKeyPatterns = Lists.copy(blockedKeyPatterns);
    summary = summary == null ? "silent" : summary;
    patterns = patterns == null ? null : Lists.copy(patterns);
    customPatterns = Lists.copy(customPatterns);
    replacement = replacement == null ? DEFAULT_MASK : replacement;
    disallowedKeys = disallowedKeys == null ? "drop" : disallowedKeys;
  }

  /** Only shipped patterns (all of them), everything else default. */
  public static RedactionConfig defaults() {
    return new RedactionConfig(null, null, null, null, null, null, null, null, null, null);
  }

  /** A named regex; {@code replacement} defaults to the processor's mask. */
  public record CustomPattern(
      @JsonProperty("name") String name,
      @JsonProperty("pattern") String pattern,
      @JsonProperty("replacement") String replacement) {}
}
