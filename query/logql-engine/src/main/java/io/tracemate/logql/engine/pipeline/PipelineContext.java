package io.tracemate.logql.engine.pipeline;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.common.regex.AnchoredRegex;
import io.tracemate.common.regex.GoRegex;
import io.tracemate.common.regex.UnanchoredRegex;
import java.util.Objects;

/**
 * What compiled stages consult while they run: the query's cancellation, which a long regex match reads its text
 * through ({@link GoRegex#matcher}), and the longest line or label value formatting may build. One per query (or
 * per tail), shared by the threads of its parts.
 *
 * @param cancellation the query's
 * @param maxFormattedLineSize longest value line_format / label_format may produce, in characters
 */
public record PipelineContext(Cancellation cancellation, int maxFormattedLineSize) {
  public PipelineContext {
    Objects.requireNonNull(cancellation, "cancellation");
    if (maxFormattedLineSize <= 0) {
      throw new IllegalArgumentException(
          "maxFormattedLineSize must be positive, got " + maxFormattedLineSize);
    }
  }

  /** No deadline, 1 MiB lines: for pipelines compiled outside a query (tests, tools). */
  public static PipelineContext unbounded() {
    return new PipelineContext(Cancellation.none(), 1 << 20);
  }

  /**
   * A matcher of a user regex over {@code text}.
   *
   * @throws CancelledException from the matcher's methods once the query stops
   */
  public Matcher matcher(Pattern pattern, String text) {
    return GoRegex.matcher(pattern, text, cancellation);
  }

  /** Whether {@code text} contains a match of a line filter's regex. */
  public boolean find(UnanchoredRegex regex, String text) {
    return regex.find(text, cancellation);
  }

  /** Whether the whole of {@code text} matches a label matcher's regex. */
  public boolean matches(AnchoredRegex regex, String text) {
    return regex.matches(text, cancellation);
  }
}
