package io.tracemate.logql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logql.syntax.LogQLParseException;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compileTail: the selector decides the streams, the pipeline each pushed entry. */
class TailFilterTest {
  private final LogQLEngine engine =
      new LogQLEngine(ObservedReader.of(List.of()), EngineLimits.defaults(), Runnable::run);

  @Test
  void selectsStreamsAndRunsThePipeline() {
    TailFilter tail =
        engine.compileTail(
            "{app=\"api\", env=~\"prod|staging\"} |= \"status\" | logfmt "
                + "| status >= 500 | line_format \"{{.status}} {{.msg}}\"");
    LabelSet prod = LabelSet.of("app", "api", "env", "prod");
    assertThat(tail.matchesStream(prod)).isTrue();
    assertThat(tail.matchesStream(LabelSet.of("app", "api", "env", "dev"))).isFalse();
    assertThat(tail.matchesStream(LabelSet.of("app", "api"))).isFalse();

    LogEntry entry = new LogEntry(5, "status=503 msg=down", LabelSet.of("trace_id", "t1"));
    ResultStreamEntry result = tail.apply(prod, entry);
    assertThat(result.entry())
        .isEqualTo(new LogEntry(5, "503 down", LabelSet.of("trace_id", "t1")));
    assertThat(result.labels())
        .isEqualTo(
            LabelSet.of(
                "app", "api", "env", "prod", "msg", "down", "status", "503", "trace_id", "t1"));
    assertThat(tail.apply(prod, new LogEntry(6, "status=200 msg=ok"))).isNull();
    assertThat(tail.apply(prod, new LogEntry(7, "no match"))).isNull();
  }

  @Test
  void rejectsMetricQueriesAndBadPipelines() {
    assertThatThrownBy(() -> engine.compileTail("rate({app=\"api\"}[1m])"))
        .isInstanceOf(LogQLParseException.class)
        .hasMessageContaining("expecting a log query");
    assertThatThrownBy(() -> engine.compileTail("{app=\"api\"} |~ \"(\""))
        .isInstanceOf(QueryEvaluationException.class);
  }
}
