package io.tracemate.pipeline.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.component.LogBatch;
import io.tracemate.component.ProcessorChain;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.config.AttributesConfig;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.PipelineConfigException;
import io.tracemate.pipeline.config.RedactionConfig;
import io.tracemate.pipeline.config.RedactionConfig.CustomPattern;
import io.tracemate.pipeline.config.SemanticAlignmentConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redaction processor's rules on log batches: lines, structured metadata and stream label values. */
class LogRedactionTest {
  private static final String CARD = "6217001234567890122";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static ProcessorChain<LogBatch> chain(RedactionConfig config) {
    return PipelineFactory.createForLogs(List.of(new NamedProcessorConfig("redaction", config)));
  }

  private static LogBatch batch(LogStream... streams) {
    return new LogBatch("fake", List.of(streams));
  }

  private static LogEntry entry(long ts, String line, String... metadata) {
    return new LogEntry(ts, line, LabelSet.of(metadata));
  }

  @Test
  void linesAndMetadataGoThroughTheSameRulesAsSpanAttributes() {
    ProcessorChain<LogBatch> chain = chain(RedactionConfig.defaults());
    LogBatch in =
        batch(
            new LogStream(
                LabelSet.of("app", "pay"),
                List.of(
                    entry(1, "charged card " + CARD + " for order 20241121000123"),
                    entry(2, "login ok", "user_phone", "13812345678", "trace_id", TRACE_ID),
                    entry(3, "nothing to hide", "order_id", "20241121000123"))));

    LogBatch out = chain.process(in);

    List<LogEntry> entries = out.streams().getFirst().entries();
    assertThat(entries.get(0).line()).isEqualTo("charged card **** for order 20241121000123");
    assertThat(entries.get(0).lineBytes())
        .isEqualTo(entries.get(0).line().getBytes(StandardCharsets.UTF_8).length);
    assertThat(entries.get(1).metadata())
        .isEqualTo(LabelSet.of("user_phone", "****", "trace_id", TRACE_ID));
    assertThat(entries.get(2)).isSameAs(in.streams().getFirst().entries().get(2));
    assertThat(chain.stats().getFirst().counters())
        .containsEntry("bank_card", 1L)
        .containsEntry("cn_mobile", 1L)
        .containsEntry("email", 0L);
  }

  @Test
  void aCleanBatchIsReturnedAsItIsWithoutACopy() {
    ProcessorChain<LogBatch> chain = chain(RedactionConfig.defaults());
    LogBatch in =
        batch(
            new LogStream(
                LabelSet.of("app", "pay"),
                List.of(entry(1, "GET /orders 200", "trace_id", TRACE_ID))));

    assertThat(chain.process(in)).isSameAs(in);
  }

  @Test
  void traceAndSpanIdsAreNeverRedactedEvenWhenTheyLookLikeCardNumbers() {
    // 16 digits, Luhn-valid, starting with 4 between hex letters: the bank_card pattern's shape
    String traceId = "ab4111111111111111cdef0123456789";
    RedactionConfig onlyHttpRoute =
        new RedactionConfig(
            null, List.of("http_route"), null, null, null, null, null, null, null, null);
    LogBatch in =
        batch(
            new LogStream(
                LabelSet.of("app", "pay"),
                List.of(
                    entry(
                        1,
                        "ok",
                        "trace_id",
                        traceId,
                        "span_id",
                        "4111111111111111",
                        "user",
                        "wang"))));

    LogEntry out = chain(onlyHttpRoute).process(in).streams().getFirst().entries().getFirst();

    assertThat(out.metadata())
        .as("the allow-list drops user, not the trace context")
        .isEqualTo(LabelSet.of("trace_id", traceId, "span_id", "4111111111111111"));
  }

  @Test
  void keyRulesAndSummaryApplyToMetadata() {
    RedactionConfig config =
        new RedactionConfig(
            true,
            null,
            List.of("note"),
            List.of("SECRET-[0-9]+"),
            List.of("(?i)token"),
            "debug",
            List.of(),
            List.of(new CustomPattern("employee_id", "(EMP-)[0-9]{6}", "$1******")),
            null,
            null);
    LogBatch in =
        batch(
            new LogStream(
                LabelSet.of("app", "hr"),
                List.of(
                    entry(
                        1,
                        "EMP-123456 used SECRET-42",
                        "auth_token",
                        "abc",
                        "note",
                        "SECRET-7 stays",
                        "who",
                        "EMP-654321"))));

    LogEntry out = chain(config).process(in).streams().getFirst().entries().getFirst();

    assertThat(out.line()).isEqualTo("EMP-****** used ****");
    assertThat(out.metadata())
        .isEqualTo(
            LabelSet.of(
                "auth_token",
                "****",
                "note",
                "SECRET-7 stays",
                "who",
                "EMP-******",
                "redaction_masked_keys",
                "auth_token,who",
                "redaction_masked_count",
                "2"));
  }

  @Test
  void labelValuesAreRedactedAndStreamsThatBecomeEqualAreMerged() {
    ProcessorChain<LogBatch> chain = chain(RedactionConfig.defaults());
    LogBatch in =
        batch(
            new LogStream(
                LabelSet.of("app", "pay", "customer", "13812345678"), List.of(entry(1, "first"))),
            new LogStream(
                LabelSet.of("app", "pay", "customer", "13912345678"), List.of(entry(2, "second"))),
            new LogStream(
                LabelSet.of("app", "pay", "customer", "anonymous"), List.of(entry(3, "x"))));

    LogBatch out = chain.process(in);

    assertThat(out.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("app", "pay", "customer", "****"),
                List.of(entry(1, "first"), entry(2, "second"))),
            in.streams().get(2));
    assertThat(out.items()).isEqualTo(in.items());
  }

  @Test
  void labelKeysAreTheStreamsIdentityNotSubjectToTheAllowListOrBlockedKeys() {
    RedactionConfig config =
        new RedactionConfig(
            false, List.of("msg"), null, null, List.of("customer"), null, null, null, null, null);
    LogStream stream =
        new LogStream(LabelSet.of("app", "pay", "customer", "vip"), List.of(entry(1, "ok")));

    assertThat(chain(config).process(batch(stream)).streams()).containsExactly(stream);
  }

  @Test
  void onlyRedactionRunsOnLogs() {
    assertThatThrownBy(
            () ->
                PipelineFactory.createForLogs(
                    List.of(
                        new NamedProcessorConfig(
                            "semantic_alignment",
                            new SemanticAlignmentConfig(null, null, null, null)),
                        new NamedProcessorConfig(
                            "attributes/x", new AttributesConfig(null, null, null)),
                        new NamedProcessorConfig(
                            "redaction",
                            new RedactionConfig(
                                null,
                                null,
                                null,
                                List.of("("),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null)))))
        .isInstanceOf(PipelineConfigException.class)
        .hasMessageContaining(
            "logs.processors.semantic_alignment: only redaction processors run on logs")
        .hasMessageContaining("logs.processors.attributes/x: only redaction")
        .hasMessageContaining("logs.processors.redaction.blocked_values[0]");
    assertThat(PipelineFactory.createForLogs(List.of()).isEmpty()).isTrue();
  }
}
