package io.tracemate.server.tls;

import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.TlsProvider;
import com.linecorp.armeria.server.ServerTlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.server.config.TlsSettings;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key pair and client CAs of every TLS listener, re-read when their files change so that a renewed
 * certificate (cert-manager, Vault, a cron job) takes effect without a restart. New connections get the new
 * pair; open ones keep theirs.
 *
 * <p>The files are polled (their bytes hashed) every {@code reload-interval}: watching the folder misses the
 * symlink swaps Kubernetes does for mounted secrets. A change that does not load (half-written file, key of
 * another certificate) keeps the pair in force, logs an error naming the file and sets
 * {@code tracemate_tls_last_reload_successful} to 0 until a good change arrives.
 *
 * <p>Thread-safe: the material is one volatile reference, swapped whole by the one poller thread.
 */
public final class ReloadingTlsProvider implements TlsProvider {
  private static final Logger log = LoggerFactory.getLogger(ReloadingTlsProvider.class);

  private final TlsSettings settings;
  private final Clock clock;
  private final ScheduledExecutorService poller;
  private final Counter reloads;
  private final Gauge lastReloadSuccessful;
  private volatile PemMaterial current;
  private volatile String lastSeen;

  private ReloadingTlsProvider(
      TlsSettings settings, Clock clock, PemMaterial first, PrometheusRegistry registry) {
    this.settings = settings;
    this.clock = clock;
    this.current = first;
    this.lastSeen = first.fingerprint();
    this.reloads =
        Counter.builder()
            .name("tracemate_tls_reloads_total")
            .help("Changes of the server.tls files seen, by whether the new files were taken")
            .labelNames("result")
            .register(registry);
    this.lastReloadSuccessful =
        Gauge.builder()
            .name("tracemate_tls_last_reload_successful")
            .help(
                "1 when the server.tls files in force are the ones on disk, 0 after a change that failed to load")
            .register(registry);
    lastReloadSuccessful.set(1);
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("tls-reload").daemon(true).unstarted(r));
    long every = settings.reloadInterval().toMillis();
    poller.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Reads the files now and starts watching them.
   *
   * @throws RuntimeException naming the file at fault and what is wrong with it
   */
  public static ReloadingTlsProvider start(
      TlsSettings settings, Clock clock, PrometheusRegistry registry) {
    PemMaterial first =
        PemMaterial.load(
            settings.certFile(), settings.keyFile(), settings.clientCaFile(), clock.instant());
    log.info(
        "TLS on every listener: certificate {} (serial {}, valid until {}), client certificates {}, {}+",
        first.keyPair().certificateChain().getFirst().getSubjectX500Principal().getName(),
        first.keyPair().certificateChain().getFirst().getSerialNumber().toString(16),
        first.keyPair().certificateChain().getFirst().getNotAfter().toInstant(),
        settings.clientAuth(),
        settings.minVersion());
    return new ReloadingTlsProvider(settings, clock, first, registry);
  }

  /** How Armeria should use this provider: client authentication and the oldest protocol offered. */
  public ServerTlsConfig serverTlsConfig() {
    List<String> protocols =
        settings.minVersion().equals("TLSv1.3")
            ? List.of("TLSv1.3")
            : List.of("TLSv1.3", "TLSv1.2");
    ClientAuth clientAuth =
        switch (settings.clientAuthMode()) {
          case NONE -> ClientAuth.NONE;
          case OPTIONAL -> ClientAuth.OPTIONAL;
          case REQUIRE -> ClientAuth.REQUIRE;
        };
    return ServerTlsConfig.builder()
        .clientAuth(clientAuth)
        .tlsCustomizer(builder -> builder.protocols(protocols))
        .build();
  }

  /** Checks the files once; the poller calls it, tests may too. */
  void reloadIfChanged() {
    String seen =
        PemMaterial.fingerprint(settings.certFile(), settings.keyFile(), settings.clientCaFile());
    if (seen.equals(lastSeen)) {
      return;
    }
    lastSeen = seen;
    try {
      PemMaterial loaded =
          PemMaterial.load(
              settings.certFile(), settings.keyFile(), settings.clientCaFile(), clock.instant());
      current = loaded;
      reloads.labelValues("success").inc();
      lastReloadSuccessful.set(1);
      X509Certificate leaf = loaded.keyPair().certificateChain().getFirst();
      log.info(
          "TLS files changed: now serving certificate {} (serial {}, valid until {})",
          leaf.getSubjectX500Principal().getName(),
          leaf.getSerialNumber().toString(16),
          leaf.getNotAfter().toInstant());
    } catch (RuntimeException e) {
      reloads.labelValues("failure").inc();
      lastReloadSuccessful.set(0);
      log.error(
          "TLS files changed but cannot be used, the previous certificate stays in force: {}",
          e.getMessage());
    }
  }

  @Override
  public TlsKeyPair keyPair(String hostname) {
    return current.keyPair();
  }

  @Override
  public List<X509Certificate> trustedCertificates(String hostname) {
    List<X509Certificate> cas = current.clientCas();
    return cas.isEmpty() ? null : cas;
  }

  /** Shared by every listener: the server closes it once, after the last listener stopped. */
  @Override
  public boolean autoClose() {
    return false;
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
