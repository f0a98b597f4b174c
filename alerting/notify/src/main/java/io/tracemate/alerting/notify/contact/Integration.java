package io.tracemate.alerting.notify.contact;

import java.util.concurrent.CompletableFuture;

/**
 * One way of delivering a receiver's notifications (a webhook URL, a chat robot, an SMTP server). Implementations
 * never block the caller: HTTP integrations complete on Armeria's event loops, e-mail on its own thread.
 * Thread-safe.
 */
public interface Integration extends AutoCloseable {
  /** Its kind, the {@code integration} label of the delivery metrics: webhook, slack, wecom, dingtalk... */
  String kind();

  /** Whether resolved alerts are sent (Alertmanager's {@code send_resolved}). */
  boolean sendResolved();

  /**
   * Delivers one notification (one attempt; the caller retries).
   *
   * @return completes when delivered; fails with a {@link io.tracemate.alerting.notify.delivery.DeliveryException}
   */
  CompletableFuture<Void> send(Notification notification);

  @Override
  void close();
}
