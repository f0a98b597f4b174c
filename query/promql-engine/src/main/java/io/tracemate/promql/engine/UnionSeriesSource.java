package io.tracemate.promql.engine;

import io.tracemate.common.Cancellation;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Several {@link SeriesSource}s read as one (the span metrics and service graph series beside the series recording
 * rules write): a select asks each source in turn and hands on what each finds. The sources are expected to hold
 * different series (recorded series have names of their own); a label set that two sources both hold reaches the
 * sink twice, which the engine answers as Prometheus does duplicate series ("vector cannot contain metrics with the
 * same labelset"). Immutable and thread-safe if the sources are.
 */
public final class UnionSeriesSource implements SeriesSource {
  private final List<SeriesSource> sources;

  private UnionSeriesSource(List<SeriesSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** The union of {@code sources}; one source is returned as it is. */
  public static SeriesSource of(List<SeriesSource> sources) {
    Objects.requireNonNull(sources, "sources");
    return sources.size() == 1 ? sources.getFirst() : new UnionSeriesSource(sources);
  }

  @Override
  public void select(
      SelectRequest request, Cancellation cancellation, Consumer<SampleSeries> sink) {
    for (SeriesSource source : sources) {
      cancellation.check();
      source.select(request, cancellation, sink);
    }
  }
}
