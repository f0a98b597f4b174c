package io.tracemate.logql.engine;

import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conformance corpus, read from {@code conformance/corpus.txt}: {@code stream {labels}} headers, then entries
 * {@code <seconds>s [name=value,...] line} relative to {@link #BASE_SECONDS}; {@code \e} in a line is ESC.
 */
final class ConformanceCorpus {
  /** 2023-11-14T22:13:20Z. */
  static final long BASE_SECONDS = 1_700_000_000L;

  static final long BASE_NANOS = BASE_SECONDS * 1_000_000_000L;
  private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"([^\"]*)\"");
  private static final Pattern ENTRY =
      Pattern.compile("^(\\d+(?:\\.\\d+)?)s (?:\\[([^\\]]*)\\] )?(.*)$");

  private ConformanceCorpus() {}

  static List<LogStream> load() {
    String text = resource("conformance/corpus.txt");
    List<LogStream> streams = new ArrayList<>();
    LabelSet labels = null;
    List<LogEntry> entries = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("stream ")) {
        if (labels != null) {
          streams.add(new LogStream(labels, entries));
        }
        labels = parseLabels(line.substring(7));
        entries = new ArrayList<>();
        continue;
      }
      Matcher m = ENTRY.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad corpus line: " + line);
      }
      long nanos =
          BASE_NANOS + new java.math.BigDecimal(m.group(1)).movePointRight(9).longValueExact();
      LabelSet metadata = LabelSet.EMPTY;
      if (m.group(2) != null) {
        List<Label> list = new ArrayList<>();
        for (String pair : m.group(2).split(",")) {
          String[] kv = pair.split("=", 2);
          list.add(new Label(kv[0].trim(), kv[1].trim()));
        }
        metadata = new LabelSet(list);
      }
      entries.add(new LogEntry(nanos, m.group(3).replace("\\e", "\u001B"), metadata));
    }
    if (labels != null) {
      streams.add(new LogStream(labels, entries));
    }
    return streams;
  }

  static LabelSet parseLabels(String text) {
    List<Label> list = new ArrayList<>();
    Matcher m = LABEL.matcher(text);
    while (m.find()) {
      list.add(new Label(m.group(1), m.group(2)));
    }
    return new LabelSet(list);
  }

  static String resource(String name) {
    try (InputStream in = ConformanceCorpus.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
