/**
 * Per-tenant overrides at run time, as Loki's {@code runtime_config}: the file ({@link
 * io.tracemate.server.overrides.RuntimeOverrides}, Loki's shape and key names, read by the configuration's own
 * loader so errors name file, key path and line) and the {@link io.tracemate.server.overrides.RuntimeConfigWatcher},
 * which polls it, swaps it whole and hands each tenant's limits to the components that enforce them (today the log
 * receivers' {@link io.tracemate.receivers.logs.TenantLogLimits}). A file that does not load never replaces one that
 * did.
 *
 * <p>Retention per tenant takes each signal's key from the project it comes from: Loki's {@code retention_period}
 * (log lines; 0 keeps them forever, as in Loki) and Tempo's {@code block_retention} (spans; 0 means the configured
 * one, as in Tempo). The watcher turns the file in force into one {@link io.tracemate.common.tenant.RetentionPolicy}
 * per signal at each retention run, so a changed file applies at the next run; the stores do the rest.
 */
package io.tracemate.server.overrides;
