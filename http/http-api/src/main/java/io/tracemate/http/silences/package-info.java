/**
 * The silences API: Alertmanager's v2 silence endpoints over the notifier's {@link
 * io.tracemate.alerting.notify.silence.SilenceStore}, scoped to the request's tenants (reads need READ, writes
 * WRITE_RULES in the server's route table). Silences mute Tracemate's built-in contact points; an external
 * Alertmanager keeps its own.
 */
package io.tracemate.http.silences;
