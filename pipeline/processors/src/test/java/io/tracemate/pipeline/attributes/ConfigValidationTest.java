package io.tracemate.pipeline.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.config.ActionConfig;
import io.tracemate.pipeline.config.AttributesConfig;
import io.tracemate.pipeline.config.MatchConfig;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.PipelineConfigException;
import io.tracemate.pipeline.config.RedactionConfig;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigValidationTest {

  private static ActionConfig a(
      String key,
      String action,
      Object value,
      String from,
      Object def,
      String pattern,
      String type) {
    return new ActionConfig(key, action, value, from, null, def, pattern, type);
  }

  static Stream<Arguments> invalidActions() {
    return Stream.of(
        Arguments.of(a("k", null, "v", null, null, null, null), "actions[0].action: is required"),
        Arguments.of(a("k", "append", "v", null, null, null, null), "unknown action 'append'"),
        Arguments.of(a(null, "insert", "v", null, null, null, null), "insert needs key"),
        Arguments.of(
            a("k", "upsert", null, null, null, null, null), "needs one of value, from_attribute"),
        Arguments.of(
            a("k", "update", "v", "other", null, null, null), "only one of value, from_attribute"),
        Arguments.of(a("k", "insert", "v", null, null, "x", null), "insert does not use pattern"),
        Arguments.of(
            new ActionConfig("k", "insert", null, null, "metadata.tenant", null, null, null),
            "from_context: is not supported"),
        Arguments.of(
            a(null, "delete", null, null, null, null, null), "delete needs key and/or pattern"),
        Arguments.of(a("k", "hash", "v", null, null, null, null), "hash does not use value"),
        Arguments.of(
            a(null, "delete", null, null, null, "(", null),
            "pattern: error parsing regexp: missing closing ): `(`"),
        Arguments.of(a("k", "extract", null, null, null, null, null), "extract needs a pattern"),
        Arguments.of(
            a("k", "extract", null, null, null, "^/api/v[0-9]+", null), "has no named groups"),
        Arguments.of(
            a("k", "extract", null, null, null, "(?<a>x)(y)", null), "unnamed capturing groups"),
        Arguments.of(
            a("k", "convert", null, null, null, null, null), "converted_type: is required"),
        Arguments.of(
            a("k", "convert", null, null, null, null, "long"), "'long' is not one of int, double"),
        Arguments.of(a("k", "rename", null, null, null, null, null), "rename needs from_attribute"),
        Arguments.of(a("k", "rename", null, "k", null, null, null), "are both 'k'"));
  }

  @ParameterizedTest
  @MethodSource("invalidActions")
  void invalidActionsAreRefusedWithTheirPath(ActionConfig action, String message) {
    assertThatThrownBy(
            () ->
                PipelineFactory.create(
                    List.of(
                        new NamedProcessorConfig(
                            "attributes/x", new AttributesConfig(List.of(action), null, null)))))
        .isInstanceOf(PipelineConfigException.class)
        .hasMessageContaining("processors.attributes/x.actions[0]")
        .hasMessageContaining(message);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    MatchConfig noType = new MatchConfig(null, List.of("a"), null, null, null, null, null, null);
    MatchConfig empty = new MatchConfig("strict", null, null, null, null, null, null, null);
    MatchConfig badKind =
        new MatchConfig("strict", null, null, List.of("SPAN_KIND_SERV"), null, null, null, null);

    PipelineConfigException e =
        (PipelineConfigException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    PipelineFactory.create(
                        List.of(
                            new NamedProcessorConfig(
                                "attributes/a", new AttributesConfig(List.of(), noType, empty)),
                            new NamedProcessorConfig(
                                "attributes/b",
                                new AttributesConfig(
                                    List.of(a("k", "delete", null, null, null, null, null)),
                                    badKind,
                                    null)),
                            new NamedProcessorConfig(
                                "redaction/wrong", new AttributesConfig(List.of(), null, null)))));

    assertThat(e.problems())
        .containsExactly(
            "processors.attributes/a.actions: is required: a list of actions (insert, update, upsert, delete, hash, "
                + "extract, convert or rename)",
            "processors.attributes/a.include.match_type: is required: strict or regexp",
            "processors.attributes/a.exclude: needs at least one of services, span_names, span_kinds, attributes, "
                + "resources or libraries",
            "processors.attributes/b.include.span_kinds[0]: unknown span kind 'SPAN_KIND_SERV': expected one of "
                + "SPAN_KIND_UNSPECIFIED, SPAN_KIND_INTERNAL, SPAN_KIND_SERVER, SPAN_KIND_CLIENT, SPAN_KIND_PRODUCER, "
                + "SPAN_KIND_CONSUMER",
            "processors.redaction/wrong: the name says type 'redaction' but the configuration is for 'attributes'; "
                + "name it attributes or attributes/<suffix>");
  }

  @Test
  void unknownProcessorTypesAndDuplicateNamesAreRefused() {
    assertThatThrownBy(() -> PipelineFactory.configClass("batch/slow"))
        .hasMessageContaining("unknown type 'batch'");
    assertThat(PipelineFactory.configClass("tail_sampling/slow"))
        .isEqualTo(TailSamplingConfig.class);
    assertThatThrownBy(
            () ->
                PipelineFactory.create(
                    List.of(
                        new NamedProcessorConfig(
                            "tail_sampling",
                            TailSamplingConfig.of(
                                java.time.Duration.ofSeconds(1), 10, List.of())))))
        .hasMessageContaining("tail sampling is not a processor in front of the write-ahead log");
    assertThat(PipelineFactory.configClass("redaction/pii")).isEqualTo(RedactionConfig.class);
    assertThatThrownBy(
            () ->
                PipelineFactory.create(
                    List.of(
                        new NamedProcessorConfig("redaction", RedactionConfig.defaults()),
                        new NamedProcessorConfig("redaction", RedactionConfig.defaults()))))
        .hasMessageContaining("processors.redaction: the name is used twice");
  }
}
