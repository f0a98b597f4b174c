package io.tracemate.pipeline.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every configuration problem with its path, so an operator fixes them all in one round. */
public final class ConfigProblems {
  private final List<String> problems = new ArrayList<>();

  public void add(String path, String message) {
    problems.add(path + ": " + message);
  }

  public int size() {
    return problems.size();
  }

  public List<String> list() {
    return List.copyOf(problems);
  }

  /** @throws PipelineConfigException listing every problem, if there is any */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new PipelineConfigException(problems);
    }
  }
}
