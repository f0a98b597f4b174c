package io.tracemate.component;

import io.tracemate.logs.model.LogStream;
import java.util.List;
import java.util.Objects;

/**
 * Log streams of one tenant as they travel the pipeline: one push (Loki), or one OTLP export after label mapping,
 * less what the receiver's limits refused. The list is taken as it is and must not be changed afterwards.
 *
 * @param tenant the tenant ({@code X-Scope-OrgID}); tenants never see each other's streams
 * @param streams the streams, each with its entries
 */
public record LogBatch(String tenant, List<LogStream> streams) implements Batch {

  public LogBatch {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(streams, "streams");
  }

  /** The log lines (entries) of every stream. */
  @Override
  public int items() {
    int lines = 0;
    for (LogStream stream : streams) {
      lines += stream.entries().size();
    }
    return lines;
  }

  /** The UTF-8 bytes of every line. */
  public long lineBytes() {
    long bytes = 0;
    for (LogStream stream : streams) {
      bytes += stream.lineBytes();
    }
    return bytes;
  }
}
