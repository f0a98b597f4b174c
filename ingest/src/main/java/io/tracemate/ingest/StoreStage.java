package io.tracemate.ingest;

import io.tracemate.model.Span;
import java.util.List;

/**
 * An optional stage between the WAL and the store that may hold spans back (tail sampling) or drop them. It
 * sees every WAL record, live and replayed, with its sequence, and returns what the store should get now.
 * Spans it holds are still in the WAL: {@link DurableIngest} truncates the WAL only below
 * {@link #oldestBufferedSequence()}, so after a crash the replay hands them to the next stage instance.
 *
 * <p>Called only by the ingest applier thread (and, before it starts, by the replay on the opening thread),
 * never concurrently.
 */
public interface StoreStage {

  /**
   * Takes the spans of WAL record {@code sequence} (increasing from call to call).
   *
   * @return the spans to write to the store now, from this record or earlier ones; possibly empty
   */
  List<Span> offer(long sequence, List<Span> spans);

  /** Called at least every 100 ms, with or without traffic: returns spans whose wait is over. */
  List<Span> tick();

  /** The lowest WAL sequence whose spans the stage still holds, or {@link Long#MAX_VALUE} when none. */
  long oldestBufferedSequence();
}
