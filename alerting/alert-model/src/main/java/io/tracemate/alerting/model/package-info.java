/**
 * The alert model: the boundary between the rules that raise alerts and whatever carries them out (Alertmanager,
 * the built-in contact points, the alerts API, the topology's health). Records only, no behaviour beyond
 * validation.
 *
 * <p>One evaluation of a rule group reports an {@link io.tracemate.alerting.model.AlertBatch}: every alert of the
 * group that is pending, firing, or resolved recently enough to be sent again (Prometheus keeps a resolved alert
 * for 15 minutes so that receivers which missed the first resolution still learn of it). The receiver of the
 * batch ({@link io.tracemate.alerting.model.AlertSink}) decides what to send and when: resending firing alerts, the
 * {@code endsAt} it promises, grouping and silences are the notifier's business, not the evaluator's.
 */
package io.tracemate.alerting.model;
