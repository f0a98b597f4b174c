package io.tracemate.pipeline.sampling;

import io.tracemate.model.Span;
import io.tracemate.model.StatusCode;
import java.util.List;
import java.util.Set;

/** The small stateless policies and the two combinators, with the collector's semantics. */
final class BasicPolicies {
  private BasicPolicies() {}

  record AlwaysSample() implements Policy {
    @Override
    public Decision evaluate(DecodedTrace trace) {
      return Decision.SAMPLED;
    }
  }

  /** Sampled when any span's status code is one of {@code codes}. */
  record StatusCodes(Set<StatusCode> codes) implements Policy {
    @Override
    public Decision evaluate(DecodedTrace trace) {
      for (Span span : trace.spans()) {
        if (codes.contains(span.status().code())) {
          return Decision.SAMPLED;
        }
      }
      return Decision.NOT_SAMPLED;
    }
  }

  /** Sampled when {@code min <= span count <= max}; {@code max == 0} means no upper bound. */
  record SpanCount(int min, int max) implements Policy {
    @Override
    public Decision evaluate(DecodedTrace trace) {
      int count = trace.spanCount();
      boolean inRange = count >= min && (max == 0 || count <= max);
      return inRange ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
  }

  /** Sampled when any span's W3C tracestate has {@code key} with one of {@code values}. */
  record TraceState(String key, Set<String> values) implements Policy {
    @Override
    public Decision evaluate(DecodedTrace trace) {
      for (Span span : trace.spans()) {
        String value = valueOf(span.traceState(), key);
        if (value != null && values.contains(value)) {
          return Decision.SAMPLED;
        }
      }
      return Decision.NOT_SAMPLED;
    }

    /** The value of {@code key} in a {@code k1=v1,k2=v2} list (optional whitespace around members), or null. */
    static String valueOf(String traceState, String key) {
      if (traceState.isEmpty()) {
        return null;
      }
      for (String member : traceState.split(",")) {
        int equals = member.indexOf('=');
        if (equals > 0 && member.substring(0, equals).trim().equals(key)) {
          return member.substring(equals + 1).trim();
        }
      }
      return null;
    }
  }

  /** Sampled unless a sub-policy does not sample; inverted verdicts count as plain ones here. */
  record And(List<Policy> subPolicies) implements Policy {
    @Override
    public Decision evaluate(DecodedTrace trace) {
      return allSample(subPolicies, trace) ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
  }

  /**
   * {@code DROPPED} when every sub-policy samples (i.e. they all match the traces to drop), otherwise
   * {@code NOT_SAMPLED}, which leaves the decision to the other policies.
   */
  record Drop(List<Policy> subPolicies) implements Policy {
    @Override
    public Decision evaluate(DecodedTrace trace) {
      return allSample(subPolicies, trace) ? Decision.DROPPED : Decision.NOT_SAMPLED;
    }
  }

  /** Whether every sub-policy samples the trace, asking them in order and stopping at the first that does not. */
  private static boolean allSample(List<Policy> subPolicies, DecodedTrace trace) {
    for (Policy sub : subPolicies) {
      if (!sub.evaluate(trace).samples()) {
        return false;
      }
    }
    return true;
  }
}
