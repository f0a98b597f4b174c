package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pipeline.logs}: the processors every log line passes, in order, before the log write-ahead log, so
 * nothing unredacted reaches disk. As in the OpenTelemetry Collector, where a processor defined once is listed in
 * the {@code logs} pipeline ({@code service.pipelines.logs.processors: [redaction]}), an entry is either the name
 * of a {@code pipeline.processors} entry (that block then applies to spans and logs alike) or a {@code name:
 * config} block of its own (logs only). Only {@code redaction} runs on logs so far. None by default: log ingest
 * then runs no processor at all.
 *
 * @param processors the entries; a named reference has no config until {@link #resolve} finds its block
 */
public record LogPipelineSettings(
    @JsonProperty("processors") @JsonDeserialize(using = LogProcessorsDeserializer.class)
        List<NamedProcessorConfig> processors) {
  public static final LogPipelineSettings DEFAULTS = new LogPipelineSettings(null);

  public LogPipelineSettings {
    processors = processors == null ? List.of() : List.copyOf(processors);
  }

  /**
   * Every reference replaced by the span pipeline's block of that name, the result checked as the logs pipeline
   * will build it.
   *
   * @throws IllegalArgumentException naming the entry that refers to nothing or cannot run on logs
   */
  static LogPipelineSettings resolve(
      LogPipelineSettings logs, List<NamedProcessorConfig> spanProcessors) {
    List<NamedProcessorConfig> resolved = new ArrayList<>(logs.processors().size());
    for (NamedProcessorConfig entry : logs.processors()) {
      if (entry.config() != null) {
        resolved.add(entry);
        continue;
      }
      NamedProcessorConfig defined =
          spanProcessors.stream()
              .filter(p -> p.name().equals(entry.name()))
              .findFirst()
              .orElse(null);
      if (defined == null) {
        throw new IllegalArgumentException(
            "pipeline.logs.processors: '"
                + entry.name()
                + "' is not an entry of pipeline.processors; define it there (spans and logs) or write"
                + " its block here (`- "
                + entry.name()
                + ": {...}`, logs only)");
      }
      resolved.add(defined);
    }
    PipelineFactory.createForLogs(resolved);
    return new LogPipelineSettings(resolved);
  }
}
