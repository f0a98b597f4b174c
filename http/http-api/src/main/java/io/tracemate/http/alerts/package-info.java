/**
 * The alerts page's API, Tracemate's own: {@link io.tracemate.http.alerts.AlertsApi} answers {@code /api/alerts}
 * (the alerts in force with their evidence, read in process from the ruler's last evaluations through {@link
 * io.tracemate.alerting.model.LiveAlerts}) and {@code /api/alerts/history} (the durable log of alert transitions
 * the ruler writes, {@link io.tracemate.alerting.rules.history.AlertHistory}). Silences have their own API in
 * Alertmanager's shape ({@code io.tracemate.http.silences}); this one only says whether one matches an alert now.
 */
package io.tracemate.http.alerts;
