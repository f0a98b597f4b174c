/**
 * TLS of the listeners: one {@link io.tracemate.server.tls.ReloadingTlsProvider} per {@code tls} block serves its ports' handshakes
 * from that block's PEM files ({@code server.tls}, {@code receivers.tls}, {@code query.tls}) through Armeria's {@code TlsProvider} (Armeria and Netty do the TLS;
 * nothing here touches the protocol).
 *
 * <p>Design notes: the files are checked before any port opens (readable, PEM, the key belongs to the leaf
 * certificate, not expired) so that a mistake is a start-up error naming the file, not a handshake failure
 * clients report later. Renewal is by polling the files' bytes rather than watching the folder, which misses the
 * symlink swap of Kubernetes secret volumes; a poll that catches a certificate written before its key fails once
 * and succeeds on the next poll, the previous pair serving meanwhile. Open connections keep the pair they
 * started with.
 */
package io.tracemate.server.tls;
