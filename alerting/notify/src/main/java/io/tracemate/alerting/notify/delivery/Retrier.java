package io.tracemate.alerting.notify.delivery;

import io.tracemate.alerting.notify.contact.Integration;
import io.tracemate.alerting.notify.contact.Notification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a notification through one integration, retrying retryable failures with exponential backoff until
 * the retry deadline ({@link RetrySettings}), and counting every attempt ({@link DeliveryMetrics}). Waits are
 * scheduled, never slept, so a receiver that fails for minutes holds no thread and delays no other receiver.
 * Thread-safe.
 */
public final class Retrier {
  private static final Logger log = LoggerFactory.getLogger(Retrier.class);

  private final RetrySettings settings;
  private final ScheduledExecutorService scheduler;
  private final DeliveryMetrics metrics;
  private final Clock clock;

  public Retrier(
      RetrySettings settings,
      ScheduledExecutorService scheduler,
      DeliveryMetrics metrics,
      Clock clock) {
    this.settings = settings;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * @param receiver the receiver's name, for the log
   * @return completes when delivered; fails with the last failure when given up
   */
  public CompletableFuture<Void> deliver(
      String receiver, Integration integration, Notification notification) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    Instant deadline = clock.instant().plus(settings.maxElapsedTime());
    attempt(receiver, integration, notification, settings.initialInterval(), deadline, result);
    return result;
  }

  private void attempt(
      String receiver,
      Integration integration,
      Notification notification,
      Duration wait,
      Instant deadline,
      CompletableFuture<Void> result) {
    Instant start = clock.instant();
    CompletableFuture<Void> sent;
    try {
      sent = integration.send(notification);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (ignored, failure) -> {
          Instant end = clock.instant();
          Duration took = Duration.between(start, end);
          if (failure == null) {
            metrics.attempt(integration.kind(), DeliveryMetrics.SUCCESS, took);
            result.complete(null);
            return;
          }
          Throwable cause =
              failure.getCause() != null && !(failure instanceof DeliveryException)
                  ? failure.getCause()
                  : failure;
          boolean retryable = !(cause instanceof DeliveryException d) || d.retryable();
          if (retryable && end.plus(wait).isBefore(deadline)) {
            metrics.attempt(integration.kind(), DeliveryMetrics.RETRY, took);
            log.debug(
                "{} via {} failed, retrying in {}: {}",
                receiver,
                integration.kind(),
                wait,
                cause.getMessage());
            Duration next = wait.multipliedBy(2);
            Duration capped =
                next.compareTo(settings.maxInterval()) > 0 ? settings.maxInterval() : next;
            try {
              scheduler.schedule(
                  () -> attempt(receiver, integration, notification, capped, deadline, result),
                  wait.toNanos(),
                  TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
              result.completeExceptionally(cause);
            }
            return;
          }
          metrics.attempt(integration.kind(), DeliveryMetrics.FAILURE, took);
          log.warn(
              "notifying {} via {} failed{}: {}",
              receiver,
              integration.kind(),
              retryable ? " (retry deadline passed)" : "",
              cause.getMessage());
          result.completeExceptionally(cause);
        });
  }
}
