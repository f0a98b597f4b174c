/**
 * Per-tenant overrides at run time, as Loki's {@code runtime_config}: the file ({@link
 * io.tracemate.server.overrides.RuntimeOverrides}, Loki's shape and key names, read by the configuration's own
 * loader so errors name file, key path and line) and the {@link io.tracemate.server.overrides.RuntimeConfigWatcher},
 * which polls it, swaps it whole and hands each tenant's limits to the components that enforce them (today the log
 * receivers' {@link io.tracemate.receivers.logs.TenantLogLimits}). A file that does not load never replaces one that
 * did.
 */
package io.tracemate.server.overrides;
