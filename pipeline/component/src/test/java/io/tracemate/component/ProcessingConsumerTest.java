package io.tracemate.component;

import static io.tracemate.component.TestBatches.batch;
import static io.tracemate.component.TestBatches.names;
import static io.tracemate.component.TestBatches.rename;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ProcessingConsumerTest {
  private final List<SpanBatch> received = new ArrayList<>();
  private final BatchConsumer<SpanBatch> next =
      batch -> {
        received.add(batch);
        return CompletableFuture.completedFuture(null);
      };

  @Test
  void anUnchangedBatchGoesOnWithTheReceiversStoredForm() {
    byte[] bytes = {1, 2, 3};
    SpanBatch asReceived = new SpanBatch(TenantId.DEFAULT, batch("GET /cart").spans(), () -> bytes);
    ProcessingConsumer<SpanBatch> consumer =
        new ProcessingConsumer<>(
            new ProcessorChain<>(List.of(new NamedProcessor<>("keep", b -> b))), next);

    assertThat(consumer.consume(asReceived)).isCompleted();

    assertThat(received).containsExactly(asReceived);
    assertThat(received.getFirst().storedForm().bytes()).isSameAs(bytes);
  }

  @Test
  void aChangedBatchLosesTheStoredForm() {
    SpanBatch asReceived =
        new SpanBatch(TenantId.DEFAULT, batch("GET /cart").spans(), () -> new byte[] {1});
    ProcessingConsumer<SpanBatch> consumer =
        new ProcessingConsumer<>(
            new ProcessorChain<>(List.of(new NamedProcessor<>("rename", rename("-x")))), next);

    consumer.consume(asReceived);

    assertThat(names(received.getFirst())).containsExactly("GET /cart-x");
    assertThat(received.getFirst().storedForm())
        .as("the receiver's bytes hold the old name")
        .isNull();
  }

  @Test
  void aFailingProcessorFailsTheFutureAndHandsNothingOn() {
    ProcessingConsumer<SpanBatch> consumer =
        new ProcessingConsumer<>(
            new ProcessorChain<>(
                List.of(
                    new NamedProcessor<>(
                        "bad",
                        b -> {
                          throw new IllegalArgumentException("boom");
                        }))),
            next);

    assertThat(consumer.consume(batch("GET /cart")))
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .withMessageContaining("'bad'");
    assertThat(received).isEmpty();
    assertThat(consumer.mutatesData()).isFalse();
  }

  @Test
  void aDeferredConsumerRefusesAsRetryableUntilOpened() {
    DeferredConsumer<SpanBatch> deferred =
        new DeferredConsumer<>("the write-ahead log is being replayed", Duration.ofSeconds(2));

    CompletableFuture<Void> early = deferred.consume(batch("GET /cart"));
    assertThat(early)
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal -> {
              assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
              assertThat(refusal.retryable()).isTrue();
              assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(2));
              assertThat(refusal)
                  .hasMessage("server is starting: the write-ahead log is being replayed");
            });
    assertThat(received).isEmpty();

    deferred.open(next);
    assertThat(deferred.consume(batch("GET /cart"))).isCompleted();
    assertThat(received).hasSize(1);
  }

  @Test
  void handOverTurnsAThrowingConsumerIntoAFailedFuture() {
    BatchConsumer<SpanBatch> throwing =
        b -> {
          throw new IllegalStateException("disk on fire");
        };
    BatchConsumer<SpanBatch> silent = b -> null;

    assertThat(BatchConsumer.handOver(throwing, batch("a"))).isCompletedExceptionally();
    assertThat(BatchConsumer.handOver(silent, batch("a")))
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .withMessageContaining("no future");
  }

  @Test
  void refusalsSayWhetherToRetry() {
    assertThat(Refusal.overloaded("full", Duration.ZERO).retryAfter())
        .as("never an immediate retry")
        .isPositive();
    assertThat(Refusal.rateLimited("slow down", Duration.ofSeconds(3)).retryable()).isTrue();
    assertThat(Refusal.invalid("bad").retryable()).isFalse();
    assertThat(Refusal.tooLarge("big").retryAfter()).isNull();
    assertThat(Refusal.invalid("bad").getStackTrace()).as("a decision, not a bug").isEmpty();
  }
}
