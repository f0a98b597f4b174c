package io.tracemate.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanBatchTest {
  private static final TenantId ACME = TenantId.parse("acme");

  @Test
  void aProcessorsChangeKeepsTheTenantAndDropsTheStoredForm() {
    SpanBatch received =
        new SpanBatch(ACME, List.of(TestBatches.span("GET /")), () -> new byte[] {1});

    SpanBatch changed = received.withSpans(List.of(TestBatches.span("GET /cart")));

    assertThat(changed.tenant()).isEqualTo(ACME);
    assertThat(changed.storedForm()).isNull();
    assertThat(received.withSpans(received.spans())).isSameAs(received);
  }
}
