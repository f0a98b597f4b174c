package io.tracemate.codec.otlp;

import io.tracemate.codec.Decoded;
import io.tracemate.model.Span;
import java.util.List;

/**
 * The result of decoding one OTLP request: the spans that were kept, how many were rejected, and an English
 * explanation of the rejections ({@code ""} when nothing was rejected) suitable for OTLP's partial-success
 * {@code error_message}.
 */
public record DecodedSpans(List<Span> spans, int rejectedCount, String errorMessage)
    implements Decoded {

  public DecodedSpans {
    spans = List.copyOf(spans);
    errorMessage = Decoded.checkedMessage(rejectedCount, errorMessage);
  }
}
