package io.tracemate.pipeline.config;

import java.util.List;

/** The pipeline configuration is invalid; the message lists every problem as {@code path: what is wrong}. */
public final class PipelineConfigException extends IllegalArgumentException {
  private final List<String> problems;

  public PipelineConfigException(List<String> problems) {
    super("invalid pipeline configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
