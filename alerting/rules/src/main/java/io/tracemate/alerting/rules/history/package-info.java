/**
 * The alert history: a durable, bounded log per tenant of every change of an alert's state ({@link
 * io.tracemate.alerting.rules.history.AlertTransition}: pending, firing, resolved, or inactive when a pending alert
 * goes away), with its labels, annotations, value and evidence in brief, for the web UI's alerts page and {@code
 * /api/alerts/history}.
 *
 * <p>The ruler writes it, not the notifier: the ruler runs the state machine and sees every transition as it
 * happens, including those the notifier never hears of (a pending alert that goes away without firing) and none it
 * makes up (after a restart the ruler compares with the restored state; the notifier would see a stream of batches
 * whose first one looks like news, and batches it drops when its queue is full would be holes in the history). The
 * group's runtime compares each rule's alerts before and after an evaluation; the ruler hands the changes to {@link
 * io.tracemate.alerting.rules.history.AlertHistory} after the evaluation, on the evaluating thread (appends are a
 * few lines and one {@code fdatasync}, and only when something changed).
 */
package io.tracemate.alerting.rules.history;
