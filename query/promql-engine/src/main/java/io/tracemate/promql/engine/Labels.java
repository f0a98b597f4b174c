package io.tracemate.promql.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable label set, sorted by name, without empty values (Prometheus treats an empty value as an absent
 * label). Equality, hash (cached) and order ({@link #compareTo}, Prometheus' {@code labels.Compare}: label by label,
 * name then value, then the shorter set first) make it usable as a map key and as the sort key of results.
 *
 * <p>A value class (final, immutable, thread-safe); builders ({@link #with}, {@link #without}, {@link #keep}) return
 * new instances.
 */
public final class Labels implements Comparable<Labels> {
  /** The empty label set. */
  public static final Labels EMPTY = new Labels(new String[0]);

  /** Names and values interleaved: name0, value0, name1, value1, ... sorted by name. */
  private final String[] pairs;

  private int hash;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /** Labels from name/value pairs: {@code Labels.of("__name__", "up", "job", "api")}. Empty values are dropped. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    List<Label> labels = new ArrayList<>(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      labels.add(new Label(namesAndValues[i], namesAndValues[i + 1]));
    }
    return of(labels);
  }

  /**
   * Labels from a collection; empty values are dropped.
   *
   * @throws IllegalArgumentException when a name repeats or is empty
   */
  public static Labels of(Collection<Label> labels) {
    Label[] sorted = labels.stream().filter(l -> !l.value().isEmpty()).toArray(Label[]::new);
    Arrays.sort(sorted, (a, b) -> a.name().compareTo(b.name()));
    String[] pairs = new String[sorted.length * 2];
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i].name().isEmpty()) {
        throw new IllegalArgumentException("label names must not be empty");
      }
      if (i > 0 && sorted[i].name().equals(sorted[i - 1].name())) {
        throw new IllegalArgumentException("duplicate label name " + sorted[i].name());
      }
      pairs[2 * i] = sorted[i].name();
      pairs[2 * i + 1] = sorted[i].value();
    }
    return pairs.length == 0 ? EMPTY : new Labels(pairs);
  }

  /** Labels from a map; empty values are dropped. */
  public static Labels of(Map<String, String> map) {
    List<Label> labels = new ArrayList<>(map.size());
    map.forEach((k, v) -> labels.add(new Label(k, v)));
    return of(labels);
  }

  /** Number of labels. */
  public int size() {
    return pairs.length / 2;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  /** The i-th label name, in name order. */
  public String name(int i) {
    return pairs[2 * i];
  }

  /** The i-th label value, in name order. */
  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of {@code name}, or "" when absent. */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : pairs[2 * i + 1];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  private int indexOf(String name) {
    int lo = 0;
    int hi = pairs.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = pairs[2 * mid].compareTo(name);
      if (cmp == 0) {
        return mid;
      }
      if (cmp < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /** These labels with {@code name} set to {@code value} (removed when the value is empty). */
  public Labels with(String name, String value) {
    int i = indexOf(name);
    if (value.isEmpty()) {
      return i < 0 ? this : without(Set.of(name));
    }
    if (i >= 0) {
      if (pairs[2 * i + 1].equals(value)) {
        return this;
      }
      String[] copy = pairs.clone();
      copy[2 * i + 1] = value;
      return new Labels(copy);
    }
    String[] copy = new String[pairs.length + 2];
    int at = 0;
    while (at < pairs.length / 2 && pairs[2 * at].compareTo(name) < 0) {
      at++;
    }
    System.arraycopy(pairs, 0, copy, 0, 2 * at);
    copy[2 * at] = name;
    copy[2 * at + 1] = value;
    System.arraycopy(pairs, 2 * at, copy, 2 * at + 2, pairs.length - 2 * at);
    return new Labels(copy);
  }

  /** These labels without the given names. */
  public Labels without(Collection<String> names) {
    return retain(name -> !names.contains(name));
  }

  /** These labels without one name. */
  public Labels without(String name) {
    return indexOf(name) < 0 ? this : without(Set.of(name));
  }

  /** Only the labels whose names are given. */
  public Labels keep(Collection<String> names) {
    return retain(names::contains);
  }

  /** The labels whose names pass {@code keepName}, in order; these labels themselves when all pass. */
  private Labels retain(Predicate<String> keepName) {
    int kept = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (keepName.test(pairs[i])) {
        kept++;
      }
    }
    if (kept == size()) {
      return this;
    }
    String[] copy = new String[kept * 2];
    int j = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (keepName.test(pairs[i])) {
        copy[j++] = pairs[i];
        copy[j++] = pairs[i + 1];
      }
    }
    return kept == 0 ? EMPTY : new Labels(copy);
  }

  /** The labels as records, in name order. */
  public List<Label> asList() {
    List<Label> list = new ArrayList<>(size());
    for (int i = 0; i < pairs.length; i += 2) {
      list.add(new Label(pairs[i], pairs[i + 1]));
    }
    return List.copyOf(list);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Labels other
            && hashCode() == other.hashCode()
            && Arrays.equals(pairs, other.pairs));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      hash = h == 0 ? 1 : h;
    }
    return hash;
  }

  @Override
  public int compareTo(Labels other) {
    int n = Math.min(pairs.length, other.pairs.length);
    for (int i = 0; i < n; i += 2) {
      int cmp = pairs[i].compareTo(other.pairs[i]);
      if (cmp != 0) {
        return cmp;
      }
      cmp = pairs[i + 1].compareTo(other.pairs[i + 1]);
      if (cmp != 0) {
        return cmp;
      }
    }
    return Integer.compare(pairs.length, other.pairs.length);
  }

  /** Prometheus' {@code labels.String()}: {@code {__name__="up", job="api"}}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(pairs[i])
          .append('=')
          .append(io.tracemate.promql.syntax.GoStrings.goQuote(pairs[i + 1]));
    }
    return out.append('}').toString();
  }
}
