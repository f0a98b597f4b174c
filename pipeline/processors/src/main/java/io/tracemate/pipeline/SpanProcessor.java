package io.tracemate.pipeline;

import io.tracemate.component.Processor;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A {@link Processor} of spans written as a function of the span list: it takes the spans of a batch and returns
 * the spans for the next step.
 *
 * <p>Contract: a processor never mutates the list it is given (spans are immutable records anyway). It returns
 * either the same list instance, when nothing changed (the batch then goes on as it is, with the receiver's stored
 * form), or a new list in which changed spans are new records. Returning fewer spans drops them; the chain counts
 * that. Implementations must be thread-safe: receivers call the chain from several event-loop threads at once.
 */
public interface SpanProcessor extends Processor<SpanBatch> {

  List<Span> process(List<Span> spans);

  @Override
  default SpanBatch process(SpanBatch batch) {
    return batch.withSpans(process(batch.spans()));
  }

  /**
   * Applies {@code change} to each span, keeping the contract above: the same list when {@code change} returned
   * every span itself, otherwise a new list with the changed spans in their places.
   */
  static List<Span> replaceChanged(List<Span> spans, UnaryOperator<Span> change) {
    List<Span> out = null;
    for (int i = 0; i < spans.size(); i++) {
      Span span = spans.get(i);
      Span changed = change.apply(span);
      if (changed != span) {
        if (out == null) {
          out = new ArrayList<>(spans);
        }
        out.set(i, changed);
      }
    }
    return out == null ? spans : out;
  }
}
