package io.tracemate.logql.engine.pipeline;

import io.tracemate.common.labels.LabelNames;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable state of one entry going through a pipeline: its line, its labels (stream labels, then structured
 * metadata, then what stages add) and the pipeline error, as Loki's {@code LabelsBuilder}. One per entry, one
 * thread.
 */
public final class LabelsBuilder {
  public static final String ERROR = "__error__";
  public static final String ERROR_DETAILS = "__error_details__";
  static final String EXTRACTED_SUFFIX = "_extracted";

  private final LabelSet stream;
  private final TreeMap<String, String> labels = new TreeMap<>();
  private final long timestampNanos;
  private String line;
  private String error;
  private String errorDetails;

  public LabelsBuilder(LabelSet stream, LogEntry entry) {
    this.stream = stream;
    this.timestampNanos = entry.timestampNanos();
    this.line = entry.line();
    for (Label label : stream.labels()) {
      labels.put(label.name(), label.value());
    }
    for (Label label : entry.metadata().labels()) {
      labels.put(label.name(), label.value());
    }
  }

  public String line() {
    return line;
  }

  public void setLine(String line) {
    this.line = line;
  }

  public long timestampNanos() {
    return timestampNanos;
  }

  /** Whether the stream itself carries the label: parsers then name theirs {@code <name>_extracted}. */
  public boolean baseHas(String name) {
    return stream.get(name) != null;
  }

  /** The label's value (including {@code __error__}), or null when absent. */
  public String get(String name) {
    return switch (name) {
      case ERROR -> error;
      case ERROR_DETAILS -> errorDetails;
      default -> labels.get(name);
    };
  }

  public void set(String name, String value) {
    switch (name) {
      case ERROR -> error = value;
      case ERROR_DETAILS -> errorDetails = value;
      default -> labels.put(name, value);
    }
  }

  public void delete(String name) {
    switch (name) {
      case ERROR -> error = null;
      case ERROR_DETAILS -> errorDetails = null;
      default -> labels.remove(name);
    }
  }

  public void setError(String error, String details) {
    this.error = error;
    this.errorDetails = details;
  }

  public boolean hasError() {
    return error != null && !error.isEmpty();
  }

  public String error() {
    return error;
  }

  /** Every label name currently set, error labels included. */
  public List<String> names() {
    List<String> names = new ArrayList<>(labels.keySet());
    if (error != null) {
      names.add(ERROR);
    }
    if (errorDetails != null) {
      names.add(ERROR_DETAILS);
    }
    return names;
  }

  /** The labels as a map for templates (error labels included). */
  public Map<String, String> toMap() {
    TreeMap<String, String> map = new TreeMap<>(labels);
    if (error != null) {
      map.put(ERROR, error);
    }
    if (errorDetails != null) {
      map.put(ERROR_DETAILS, errorDetails);
    }
    return map;
  }

  /** The final label set, error labels included. */
  public LabelSet toLabelSet() {
    List<Label> list = new ArrayList<>(labels.size() + 2);
    labels.forEach((name, value) -> list.add(new Label(name, value)));
    if (error != null) {
      list.add(new Label(ERROR, error));
    }
    if (errorDetails != null) {
      list.add(new Label(ERROR_DETAILS, errorDetails));
    }
    return new LabelSet(list);
  }

  /**
   * Loki's label name sanitising for extracted keys: characters outside [a-zA-Z0-9_] become '_', a leading digit
   * gets a '_' prefix. Returns "" for an empty key.
   */
  public static String sanitize(String key) {
    if (key.isEmpty()) {
      return key;
    }
    String name = LabelNames.replaceInvalid(key);
    return key.charAt(0) >= '0' && key.charAt(0) <= '9' ? "_" + name : name;
  }

  /** The name a parser uses for an extracted key: sanitised, with {@code _extracted} when the stream has it. */
  public String extractedName(String sanitizedKey) {
    return baseHas(sanitizedKey) ? sanitizedKey + EXTRACTED_SUFFIX : sanitizedKey;
  }
}
