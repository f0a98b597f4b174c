package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.AggregationOp;
import io.tracemate.promql.syntax.Expr.Aggregation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code topk} and {@code bottomk}: per step and group, the k largest (smallest) samples, kept with their own
 * labels. The bounded heap is Go's {@code container/heap} over Prometheus' value order (NaN below every number), so
 * ties resolve as in Prometheus; an instant query lists each group's samples largest (smallest) first.
 */
final class TopK {
  private static final double MAX_INT64 = 9223372036854774784.0;
  private static final double MIN_INT64 = -9223372036854775808.0;

  private final QueryContext ctx;

  TopK(QueryContext ctx) {
    this.ctx = ctx;
  }

  Value evaluate(
      Aggregation a, Value.ScalarValue param, Value.VectorValue input, Steps steps, int[] groupOf) {
    boolean top = a.op() == AggregationOp.TOPK;
    int count = (int) steps.count();
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    boolean anyNaN = false;
    for (int step = 0; step < count; step++) {
      double k = param.at(step);
      max = Math.max(max, k);
      min = Math.min(min, k);
      anyNaN |= Double.isNaN(k);
    }
    if (max < 1) {
      return new Value.VectorValue(List.of());
    }
    if (anyNaN) {
      throw new QueryEvaluationException("Parameter value is NaN");
    }
    if (min <= MIN_INT64) {
      throw new QueryEvaluationException("Scalar value " + min + " underflows int64");
    }
    if (max >= MAX_INT64) {
      throw new QueryEvaluationException("Scalar value " + max + " overflows int64");
    }
    List<StepSeries> series = input.series();
    int groups = 0;
    for (int g : groupOf) {
      groups = Math.max(groups, g + 1);
    }
    Heap[] heaps = new Heap[groups];
    StepGather gather = new StepGather(series);
    SeriesCollector out = new SeriesCollector(ctx);
    for (int step = 0; step < count; step++) {
      ctx.tick();
      long time = steps.time(step);
      gather.advance(time);
      long k = Math.min((long) param.at(step), series.size());
      if (k < 1) {
        continue;
      }
      for (int g = 0; g < groups; g++) {
        if (heaps[g] != null) {
          heaps[g].clear((int) k);
        }
      }
      for (int p = 0; p < gather.count; p++) {
        int s = gather.present[p];
        int g = groupOf[s];
        Heap heap = heaps[g];
        if (heap == null) {
          heap = heaps[g] = new Heap(top);
          heap.clear((int) k);
        }
        heap.offer(s, gather.values[p]);
      }
      for (int g = 0; g < groups; g++) {
        Heap heap = heaps[g];
        if (heap == null || heap.size == 0) {
          continue;
        }
        for (int i : heap.sortedIndexes()) {
          StepSeries s = series.get(heap.series[i]);
          out.add(s.labels, s.dropName, time, heap.values[i]);
        }
      }
    }
    return out.result();
  }

  /** Go's container/heap of at most k samples; the root is the one to replace next. */
  private static final class Heap {
    private final boolean top;
    int[] series = new int[4];
    double[] values = new double[4];
    int size;
    int capacity;

    Heap(boolean top) {
      this.top = top;
    }

    void clear(int k) {
      size = 0;
      capacity = k;
    }

    /** topk's order puts the smallest at the root (NaN smallest); bottomk's the largest (NaN first as well). */
    private boolean less(int i, int j) {
      double vi = values[i];
      double vj = values[j];
      if (Double.isNaN(vi)) {
        return true;
      }
      return top ? vi < vj : vi > vj;
    }

    void offer(int seriesIndex, double value) {
      if (size < capacity) {
        if (size == series.length) {
          series = java.util.Arrays.copyOf(series, size * 2);
          values = java.util.Arrays.copyOf(values, size * 2);
        }
        series[size] = seriesIndex;
        values[size] = value;
        size++;
        up(size - 1);
        return;
      }
      double root = values[0];
      boolean replace = top ? root < value : root > value;
      if (replace || (Double.isNaN(root) && !Double.isNaN(value))) {
        series[0] = seriesIndex;
        values[0] = value;
        if (capacity > 1 && !down(0, size)) {
          up(0);
        }
      }
    }

    private void up(int j) {
      while (true) {
        int i = (j - 1) / 2;
        if (i == j || !less(j, i)) {
          break;
        }
        swap(i, j);
        j = i;
      }
    }

    private boolean down(int i0, int n) {
      int i = i0;
      while (true) {
        int j1 = 2 * i + 1;
        if (j1 >= n || j1 < 0) {
          break;
        }
        int j = j1;
        int j2 = j1 + 1;
        if (j2 < n && less(j2, j1)) {
          j = j2;
        }
        if (!less(j, i)) {
          break;
        }
        swap(i, j);
        i = j;
      }
      return i > i0;
    }

    private void swap(int i, int j) {
      int s = series[i];
      series[i] = series[j];
      series[j] = s;
      double v = values[i];
      values[i] = values[j];
      values[j] = v;
    }

    /** Positions in reverse heap order: largest first for topk, smallest first for bottomk, NaN last; stable. */
    List<Integer> sortedIndexes() {
      List<Integer> order = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        order.add(i);
      }
      order.sort(
          (a, b) -> {
            double x = values[a];
            double y = values[b];
            if (Double.isNaN(x) || Double.isNaN(y)) {
              return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            }
            return top ? Double.compare(y, x) : Double.compare(x, y);
          });
      return order;
    }
  }
}
