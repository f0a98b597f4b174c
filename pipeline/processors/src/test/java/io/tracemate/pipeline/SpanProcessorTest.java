package io.tracemate.pipeline;

import static io.tracemate.pipeline.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanProcessorTest {

  @Test
  void anUnchangedListKeepsTheBatchAndItsStoredForm() {
    SpanProcessor keep = spans -> spans;
    SpanBatch received = new SpanBatch(TenantId.DEFAULT, List.of(span()), () -> new byte[] {1});

    assertThat(keep.process(received)).isSameAs(received);
  }

  @Test
  void aChangedListMakesANewBatchWithoutTheStoredForm() {
    SpanProcessor rename =
        spans -> spans.stream().map(s -> s.toBuilder().name("renamed").build()).toList();
    SpanBatch received = new SpanBatch(TenantId.DEFAULT, List.of(span()), () -> new byte[] {1});

    SpanBatch out = rename.process(received);

    assertThat(out.spans()).extracting(Span::name).containsExactly("renamed");
    assertThat(out.storedForm()).isNull();
  }
}
