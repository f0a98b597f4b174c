/**
 * Getting a notification there: the HTTP client options Prometheus and Alertmanager share ({@code basic_auth},
 * {@code authorization}, {@code tls_config}), a non-blocking JSON poster on Armeria's WebClient that sorts
 * failures into retryable and permanent, the retrier (exponential backoff until a deadline, scheduled rather than
 * slept) and the delivery metrics ({@code tracemate_notifications_total{integration,outcome}}, {@code
 * tracemate_notification_latency_seconds}).
 */
package io.tracemate.alerting.notify.delivery;
