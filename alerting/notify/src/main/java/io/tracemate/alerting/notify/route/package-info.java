/**
 * Alertmanager's routing and grouping in miniature: the route tree ({@code matchers}, {@code continue},
 * inherited {@code group_by}, {@code group_wait}, {@code group_interval}, {@code repeat_interval}) and the
 * aggregation groups with Alertmanager's rule for when a group is notified again (new firing alerts, all
 * resolved, newly resolved with {@code send_resolved}, or the repeat interval passed). Silenced alerts are left
 * out at each flush. Inhibition is not implemented.
 */
package io.tracemate.alerting.notify.route;
