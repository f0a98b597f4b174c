package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tracemate.storage.head.SpanHeadLimits;
import java.time.Duration;

/**
 * {@code query.fresh-reads}: queries see what was just acknowledged. Spans are served from an in-memory head
 * until the store shows them; log reads wait for the log store's writer to catch up with the acknowledgements.
 *
 * @param enabled off: queries see spans after the store's refresh ({@code storage.refresh-interval}) and lines
 *     once the store's writer has them
 * @param headMaxBytes estimated heap the span head may hold, all tenants together (128MiB)
 * @param headMaxTenantBytes the same for one tenant (64MiB)
 * @param maxWait longest a log read waits for the log store's writer to catch up (1s); then it reads what is there
 */
public record FreshReadsSettings(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("head-max-bytes") @JsonDeserialize(using = ByteSizeDeserializer.class)
        Long headMaxBytes,
    @JsonProperty("head-max-tenant-bytes") @JsonDeserialize(using = ByteSizeDeserializer.class)
        Long headMaxTenantBytes,
    @JsonProperty("max-wait") Duration maxWait) {
  public static final FreshReadsSettings DEFAULTS = new FreshReadsSettings(null, null, null, null);

  public FreshReadsSettings {
    enabled = enabled == null || enabled;
    headMaxBytes =
        ConfigChecks.bytesBetween(
            headMaxBytes,
            SpanHeadLimits.DEFAULTS.maxBytes(),
            0,
            Long.MAX_VALUE,
            "query.fresh-reads.head-max-bytes");
    headMaxTenantBytes =
        ConfigChecks.bytesBetween(
            headMaxTenantBytes,
            Math.min(headMaxBytes, SpanHeadLimits.DEFAULTS.maxTenantBytes()),
            0,
            headMaxBytes,
            "query.fresh-reads.head-max-tenant-bytes");
    maxWait = ConfigChecks.positive(maxWait, Duration.ofSeconds(1), "query.fresh-reads.max-wait");
  }

  public SpanHeadLimits headLimits() {
    return new SpanHeadLimits(headMaxBytes, headMaxTenantBytes);
  }
}
