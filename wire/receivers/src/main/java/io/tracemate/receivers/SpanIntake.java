package io.tracemate.receivers;

import io.tracemate.component.SpanBatch;
import io.tracemate.receivers.exchange.ErrorAnswer;
import io.tracemate.receivers.exchange.Intake;
import io.tracemate.receivers.exchange.ReceiverMetrics;

/**
 * What every span receiver counts around the consumer: spans received, rejected by the checks (IDs, start times),
 * accepted, and refused by the consumer. One per receiver and transport. Thread-safe.
 */
final class SpanIntake implements Intake<SpanSubmission, SpanBatch> {
  private final ReceiverMetrics metrics;
  private final String receiver;
  private final String transport;

  SpanIntake(ReceiverMetrics metrics, String receiver, String transport) {
    this.metrics = metrics;
    this.receiver = receiver;
    this.transport = transport;
  }

  @Override
  public SpanBatch admit(SpanSubmission submission) {
    int kept = submission.decoded().spans().size();
    metrics.received(receiver, transport, kept + submission.decoded().rejectedCount());
    submission
        .rejected()
        .forEach((reason, count) -> metrics.refused(receiver, reason.label(), count, 0));
    return kept == 0
        ? null
        : new SpanBatch(submission.tenant(), submission.decoded().spans(), submission.storedForm());
  }

  @Override
  public void accepted(SpanSubmission submission, SpanBatch batch) {
    metrics.accepted(receiver, batch.items(), 0);
  }

  @Override
  public void refused(SpanSubmission submission, SpanBatch batch, ErrorAnswer answer) {
    metrics.refused(receiver, answer.reason(), batch.items(), 0);
  }
}
