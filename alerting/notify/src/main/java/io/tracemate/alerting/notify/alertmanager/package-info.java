/**
 * The Alertmanager v2 client: which alerts to send when ({@link
 * io.tracemate.alerting.notify.alertmanager.ResendState}, Prometheus' {@code needsSending}), and posting them
 * ({@link io.tracemate.alerting.notify.alertmanager.AlertmanagerClient}: {@code POST /api/v2/alerts} to every
 * target, 64 alerts per request, Prometheus' HTTP client options). Failed posts are not retried: the resend
 * carries the state again within a minute, as in Prometheus.
 */
package io.tracemate.alerting.notify.alertmanager;
