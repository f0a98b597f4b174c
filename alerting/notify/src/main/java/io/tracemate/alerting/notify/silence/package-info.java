/**
 * Silences with Alertmanager's model and validation (matchers, start, end, creator, comment; pending, active,
 * expired), per tenant, kept in one JSON file rewritten atomically and forced to disk before a change is
 * acknowledged. They mute the built-in contact points; an Alertmanager applies its own silences.
 */
package io.tracemate.alerting.notify.silence;
