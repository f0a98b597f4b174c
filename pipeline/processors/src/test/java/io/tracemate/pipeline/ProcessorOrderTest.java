package io.tracemate.pipeline;

import static io.tracemate.pipeline.TestSpans.attr;
import static io.tracemate.pipeline.TestSpans.span;
import static io.tracemate.pipeline.TestSpans.withValue;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.component.ProcessorStats;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.pipeline.config.AttributesConfig;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.RedactionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessorOrderTest {
  private static final NamedProcessorConfig INSERT_PHONE =
      new NamedProcessorConfig(
          "attributes/contact",
          new AttributesConfig(List.of(withValue("insert", "contact", "13812345678")), null, null));
  private static final NamedProcessorConfig REDACT =
      new NamedProcessorConfig("redaction", RedactionConfig.defaults());

  @Test
  void configuredOrderDecidesWhatLaterProcessorsSee() {
    Span redactedLast =
        TestPipeline.of(PipelineFactory.create(List.of(INSERT_PHONE, REDACT))).processOne(span());
    Span redactedFirst =
        TestPipeline.of(PipelineFactory.create(List.of(REDACT, INSERT_PHONE))).processOne(span());

    assertThat(attr(redactedLast, "contact")).isEqualTo(AttributeValue.of("****"));
    assertThat(attr(redactedFirst, "contact")).isEqualTo(AttributeValue.of("13812345678"));
  }

  @Test
  void countersStayExactUnderConcurrentBatches() throws Exception {
    TestPipeline pipeline = TestPipeline.of(PipelineFactory.create(List.of(REDACT)));
    List<Span> batch =
        List.of(span(Attribute.of("phone", "13812345678")), span(Attribute.of("ok", "x")));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    assertThat(attr(pipeline.process(batch).getFirst(), "phone").asText())
                        .isEqualTo("****");
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    ProcessorStats stats = pipeline.stats().getFirst();
    assertThat(stats.itemsIn()).isEqualTo(4000);
    assertThat(stats.itemsOut()).isEqualTo(4000);
    assertThat(stats.counters()).containsEntry("cn_mobile", 2000L);
  }
}
