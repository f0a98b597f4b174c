package io.tracemate.codec.logs;

import io.tracemate.codec.Decoded;
import io.tracemate.logs.model.LogStream;
import java.util.List;

/**
 * The result of decoding one push: the streams to keep (entries in request order), how many records were
 * rejected while decoding, and an English explanation ({@code ""} when none) fit for OTLP's partial-success
 * {@code error_message} or a Loki 400 body.
 */
public record DecodedLogs(List<LogStream> streams, int rejectedCount, String errorMessage)
    implements Decoded {
  public DecodedLogs {
    streams = List.copyOf(streams);
    errorMessage = Decoded.checkedMessage(rejectedCount, errorMessage);
  }

  /** Entries over all streams. */
  public int entryCount() {
    int count = 0;
    for (LogStream stream : streams) {
      count += stream.entries().size();
    }
    return count;
  }
}
