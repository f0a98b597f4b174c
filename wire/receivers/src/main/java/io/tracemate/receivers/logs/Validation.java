package io.tracemate.receivers.logs;

import io.tracemate.logs.model.LogStream;
import java.util.List;

/**
 * What validation kept and what it refused.
 *
 * @param accepted streams to write (possibly with fewer entries than pushed, lines possibly truncated)
 * @param refusals in request order
 * @param retryAfterSeconds positive when a rate limit refused something: the Retry-After to answer with
 */
public record Validation(List<LogStream> accepted, List<Refusal> refusals, long retryAfterSeconds) {
  /** At most this many refusals are spelled out in an answer; the rest are counted. */
  static final int MAX_LISTED = 20;

  public Validation {
    accepted = List.copyOf(accepted);
    refusals = List.copyOf(refusals);
  }

  /** A rate limit refused entries: the client should retry them after {@link #retryAfterSeconds()}. */
  public boolean rateLimited() {
    return retryAfterSeconds > 0;
  }

  /**
   * Something was refused that Loki answers with 429 Too Many Requests: a rate limit, or new streams beyond the
   * tenant's active stream limit (which clears only as streams go idle, so it carries no Retry-After).
   */
  public boolean tooManyRequests() {
    for (Refusal refusal : refusals) {
      if (refusal.reason().retryable()) {
        return true;
      }
    }
    return false;
  }

  public int acceptedEntries() {
    int count = 0;
    for (LogStream stream : accepted) {
      count += stream.entries().size();
    }
    return count;
  }

  public int refusedEntries() {
    int count = 0;
    for (Refusal refusal : refusals) {
      count += refusal.entries();
    }
    return count;
  }

  /** One line per refusal (at most {@value #MAX_LISTED}, then a count of the rest); "" when none. */
  public String message() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < refusals.size() && i < MAX_LISTED; i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append(refusals.get(i).message());
    }
    if (refusals.size() > MAX_LISTED) {
      out.append("\n(and ").append(refusals.size() - MAX_LISTED).append(" more)");
    }
    return out.toString();
  }
}
