package io.tracemate.pipeline;

import io.tracemate.component.LogBatch;
import io.tracemate.component.NamedProcessor;
import io.tracemate.component.ProcessorChain;
import io.tracemate.component.SpanBatch;
import io.tracemate.pipeline.alignment.SemanticAlignmentProcessor;
import io.tracemate.pipeline.attributes.AttributesProcessor;
import io.tracemate.pipeline.config.AttributesConfig;
import io.tracemate.pipeline.config.ConfigProblems;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.PipelineConfigException;
import io.tracemate.pipeline.config.ProcessorConfig;
import io.tracemate.pipeline.config.RedactionConfig;
import io.tracemate.pipeline.config.SemanticAlignmentConfig;
import io.tracemate.pipeline.redaction.RedactionProcessor;
import io.tracemate.pipeline.sampling.TailSampler;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place where processor configs are validated and turned into a {@link ProcessorChain} of spans. Processor
 * names follow the collector: {@code type} or {@code type/suffix}, where type is {@code attributes},
 * {@code redaction} or {@code semantic_alignment} (processors in front of the write-ahead log), or
 * {@code tail_sampling} (the stage after it, built as a {@link io.tracemate.pipeline.sampling.TailSamplingStage}).
 */
public final class PipelineFactory {
  public static final String ATTRIBUTES = "attributes";
  public static final String REDACTION = "redaction";
  public static final String SEMANTIC_ALIGNMENT = "semantic_alignment";
  public static final String TAIL_SAMPLING = "tail_sampling";

  private PipelineFactory() {}

  /**
   * The config record the server's YAML mapper should read for a processor name, e.g.
   * {@code mapper.treeToValue(node, configClass("attributes/http"))}.
   *
   * @throws IllegalArgumentException for an unknown type, listing the known ones
   */
  public static Class<? extends ProcessorConfig> configClass(String processorName) {
    return switch (typeOf(processorName)) {
      case ATTRIBUTES -> AttributesConfig.class;
      case REDACTION -> RedactionConfig.class;
      case SEMANTIC_ALIGNMENT -> SemanticAlignmentConfig.class;
      case TAIL_SAMPLING -> TailSamplingConfig.class;
      default ->
          throw new IllegalArgumentException(
              "processor '"
                  + processorName
                  + "': unknown type '"
                  + typeOf(processorName)
                  + "', expected "
                  + ATTRIBUTES
                  + ", "
                  + REDACTION
                  + ", "
                  + SEMANTIC_ALIGNMENT
                  + " or "
                  + TAIL_SAMPLING);
    };
  }

  /** Whether a processor name is of type {@code tail_sampling} (the stage after the write-ahead log). */
  public static boolean isTailSampling(String processorName) {
    return typeOf(processorName).equals(TAIL_SAMPLING);
  }

  /**
   * Checks one processor's configuration as {@link #create} (or, for tail sampling, the sampler) would, building
   * nothing that stays: the configuration loader calls this so that a bad block fails with its file and line.
   *
   * @throws PipelineConfigException listing every problem, each with its path
   */
  public static void validate(NamedProcessorConfig named) {
    if (named.config() instanceof TailSamplingConfig sampling) {
      TailSampler.validate(sampling);
    } else {
      create(List.of(named));
    }
  }

  /**
   * Builds the processors in the given order.
   *
   * @throws PipelineConfigException listing every problem found, each with its path
   *     ({@code processors.attributes/http.actions[2].pattern: ...})
   */
  public static ProcessorChain<SpanBatch> create(List<NamedProcessorConfig> configs) {
    ConfigProblems problems = new ConfigProblems();
    Set<String> names = new HashSet<>();
    List<NamedProcessor<SpanBatch>> processors = new ArrayList<>();
    for (NamedProcessorConfig named : configs) {
      String name = named.name() == null ? "" : named.name();
      String path = "processors." + name;
      if (name.isBlank()) {
        problems.add("processors", "a processor has no name");
        continue;
      }
      if (!names.add(name)) {
        problems.add(path, "the name is used twice");
        continue;
      }
      if (named.config() == null) {
        problems.add(path, "has no configuration");
        continue;
      }
      String expected =
          switch (named.config()) {
            case AttributesConfig a -> ATTRIBUTES;
            case RedactionConfig r -> REDACTION;
            case SemanticAlignmentConfig s -> SEMANTIC_ALIGNMENT;
            case TailSamplingConfig t -> TAIL_SAMPLING;
            default ->
                throw new IllegalArgumentException(
                    "unknown processor configuration " + named.config());
          };
      if (!typeOf(name).equals(expected)) {
        problems.add(
            path,
            "the name says type '"
                + typeOf(name)
                + "' but the configuration is for '"
                + expected
                + "'; name it "
                + expected
                + " or "
                + expected
                + "/<suffix>");
        continue;
      }
      SpanProcessor processor =
          switch (named.config()) {
            case AttributesConfig a -> AttributesProcessor.create(a, problems, path);
            case RedactionConfig r -> RedactionProcessor.create(r, problems, path);
            case SemanticAlignmentConfig s -> SemanticAlignmentProcessor.create(s, problems, path);
            default -> {
              problems.add(
                  path,
                  "tail sampling is not a processor in front of the write-ahead log; it is the stage"
                      + " after it (TailSamplingStage), configured as the last processor entry");
              yield null;
            }
          };
      if (processor != null) {
        processors.add(new NamedProcessor<>(name, processor));
      }
    }
    problems.throwIfAny();
    return new ProcessorChain<>(processors);
  }

  /**
   * Builds the processors of the logs pipeline in the given order: each runs on log batches before the log
   * write-ahead log. Only {@code redaction} works on logs so far (its rules applied to lines, structured metadata
   * and label values, see {@link RedactionProcessor#forLogs}); each entry gets its own processor, so its counters
   * count log lines only.
   *
   * @throws PipelineConfigException listing every problem found, each with its path
   *     ({@code logs.processors.attributes/http: ...})
   */
  public static ProcessorChain<LogBatch> createForLogs(List<NamedProcessorConfig> configs) {
    ConfigProblems problems = new ConfigProblems();
    Set<String> names = new HashSet<>();
    List<NamedProcessor<LogBatch>> processors = new ArrayList<>();
    for (NamedProcessorConfig named : configs) {
      String name = named.name() == null ? "" : named.name();
      String path = "logs.processors." + name;
      if (name.isBlank()) {
        problems.add("logs.processors", "a processor has no name");
      } else if (!names.add(name)) {
        problems.add(path, "the name is used twice");
      } else if (!(named.config() instanceof RedactionConfig redaction)
          || !typeOf(name).equals(REDACTION)) {
        problems.add(
            path,
            "only "
                + REDACTION
                + " processors run on logs; '"
                + typeOf(name)
                + "' works on spans only");
      } else {
        RedactionProcessor processor = RedactionProcessor.create(redaction, problems, path);
        if (processor != null) {
          processors.add(new NamedProcessor<>(name, processor.forLogs()));
        }
      }
    }
    problems.throwIfAny();
    return new ProcessorChain<>(processors);
  }

  private static String typeOf(String processorName) {
    int slash = processorName.indexOf('/');
    return slash < 0 ? processorName : processorName.substring(0, slash);
  }
}
