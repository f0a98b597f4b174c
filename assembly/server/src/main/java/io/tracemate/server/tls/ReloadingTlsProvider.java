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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key pair and client CAs of the listeners of one {@code tls} block, re-read when their files change so that a renewed
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

  /** A certificate closer than this to its expiry is logged as a warning at start and at each reload. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  private final String block;
  private final TlsSettings settings;
  private final Clock clock;
  private final ScheduledExecutorService poller;
  private final Metrics metrics;
  private volatile PemMaterial current;
  private volatile String lastSeen;

  /** The reload metrics of every TLS block, registered once per server. */
  public static final class Metrics {
    private final Counter reloads;
    private final Gauge lastReloadSuccessful;
    private final Gauge certificateExpiry;

    private Metrics(PrometheusRegistry registry) {
      reloads =
          Counter.builder()
              .name("tracemate_tls_reloads_total")
              .help("Changes of a tls block's files seen, by whether the new files were taken")
              .labelNames("block", "result")
              .register(registry);
      lastReloadSuccessful =
          Gauge.builder()
              .name("tracemate_tls_last_reload_successful")
              .help(
                  "1 when a tls block's files in force are the ones on disk, 0 after a change that failed to"
                      + " load")
              .labelNames("block")
              .register(registry);
      certificateExpiry =
          Gauge.builder()
              .name("tracemate_tls_certificate_expiry_timestamp_seconds")
              .help(
                  "Unix time at which the certificate a tls block serves expires (alert well before it)")
              .labelNames("block")
              .register(registry);
    }

    public static Metrics register(PrometheusRegistry registry) {
      return new Metrics(registry);
    }
  }

  private ReloadingTlsProvider(
      String block, TlsSettings settings, Clock clock, PemMaterial first, Metrics metrics) {
    this.block = block;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.current = first;
    this.lastSeen = first.fingerprint();
    metrics.lastReloadSuccessful.labelValues(block).set(1);
    served(first);
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
      String block, TlsSettings settings, Clock clock, Metrics metrics) {
    PemMaterial first =
        PemMaterial.load(
            block,
            settings.certFile(),
            settings.keyFile(),
            settings.clientCaFile(),
            clock.instant());
    log.info(
        "TLS ({}): certificate {} (serial {}, valid until {}), client certificates {}, {}+",
        block,
        first.keyPair().certificateChain().getFirst().getSubjectX500Principal().getName(),
        first.keyPair().certificateChain().getFirst().getSerialNumber().toString(16),
        first.keyPair().certificateChain().getFirst().getNotAfter().toInstant(),
        settings.clientAuth(),
        settings.minVersion());
    return new ReloadingTlsProvider(block, settings, clock, first, metrics);
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
              block,
              settings.certFile(),
              settings.keyFile(),
              settings.clientCaFile(),
              clock.instant());
      current = loaded;
      metrics.reloads.labelValues(block, "success").inc();
      metrics.lastReloadSuccessful.labelValues(block).set(1);
      served(loaded);
      X509Certificate leaf = loaded.keyPair().certificateChain().getFirst();
      log.info(
          "{} files changed: now serving certificate {} (serial {}, valid until {})",
          block,
          leaf.getSubjectX500Principal().getName(),
          leaf.getSerialNumber().toString(16),
          leaf.getNotAfter().toInstant());
    } catch (RuntimeException e) {
      metrics.reloads.labelValues(block, "failure").inc();
      metrics.lastReloadSuccessful.labelValues(block).set(0);
      log.error(
          "{} files changed but cannot be used, the previous certificate stays in force: {}",
          block,
          e.getMessage());
    }
  }

  /** Exports when the certificate now served expires, and warns when that is close. */
  private void served(PemMaterial material) {
    Instant notAfter = material.keyPair().certificateChain().getFirst().getNotAfter().toInstant();
    metrics.certificateExpiry.labelValues(block).set(notAfter.getEpochSecond());
    Duration left = Duration.between(clock.instant(), notAfter);
    if (left.compareTo(EXPIRY_WARNING) < 0) {
      log.warn(
          "{}: the certificate served expires at {}, in {} days: renew it (the new files are picked up"
              + " without a restart)",
          block,
          notAfter,
          left.toDays());
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

  /** May be shared by several listeners: the server closes it once, after the last one stopped. */
  @Override
  public boolean autoClose() {
    return false;
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
