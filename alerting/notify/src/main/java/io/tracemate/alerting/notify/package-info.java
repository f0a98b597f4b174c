/**
 * Notifications: what happens to the alerts the rule evaluator reports. The {@link
 * io.tracemate.alerting.notify.Notifier} is the evaluator's {@link io.tracemate.alerting.model.AlertSink}; it
 * queues each evaluation (bounded) and hands it, on its own thread, to two independent paths:
 *
 * <ul>
 *   <li>{@code alertmanager}: Prometheus' notifier. Firing alerts are sent to every configured Alertmanager when
 *       they start firing and again every resend delay with {@code endsAt = now + 4 × max(group interval, resend
 *       delay)}; resolutions are sent with their end at once and again for as long as the evaluator reports them
 *       (15 minutes). Alertmanager groups, silences, routes and retries.
 *   <li>{@code route}, {@code contact}, {@code silence}, {@code delivery}: Alertmanager in miniature for teams
 *       without one: a routing tree, aggregation groups with group wait, group interval and repeat interval,
 *       silences kept durably per tenant, and the contact points (generic webhook in Alertmanager's body, Slack,
 *       WeCom, DingTalk, Feishu, e-mail), each delivery retried with backoff until a deadline.
 * </ul>
 *
 * <p>Every notified alert carries its evidence ({@link io.tracemate.alerting.notify.EvidenceView}): bounded log
 * lines and trace IDs, as annotations for Alertmanager, as a structured field in the webhook body, and as a block
 * with links to the UI's trace view in the chat and mail templates. Every alert carries its tenant as a label,
 * and the built-in groups never mix tenants.
 *
 * <p>Threads: the evaluator's threads only enqueue. One notifier thread owns all routing and resend state; HTTP
 * deliveries complete on Armeria's event loops and e-mail on its integration's own thread, and their outcomes
 * are applied back on the notifier thread. Nothing waits for a receiver, so a receiver that hangs or fails delays
 * neither evaluation nor any other receiver.
 */
package io.tracemate.alerting.notify;
