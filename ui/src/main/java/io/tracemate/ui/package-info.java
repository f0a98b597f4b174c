/**
 * The web UI: a Vue 3 single-page app built by npm during the Maven build (sources in
 * {@code ui/src/main/frontend}) and packed into this jar under {@code io/tracemate/ui/static/}, served by
 * {@link io.tracemate.ui.UiService} on the server's HTTP port.
 *
 * <p>The UI routes are registered explicitly (never a catch-all) so the server's APIs ({@code /api/...},
 * {@code /loki/...}, {@code /metrics}, {@code /ready}) can never be shadowed by the UI, and unknown paths stay
 * 404s. Vite puts content hashes into asset file names, so {@code /assets/} is cached forever while
 * {@code index.html} is revalidated on every load and always points at the current assets.
 */
package io.tracemate.ui;
