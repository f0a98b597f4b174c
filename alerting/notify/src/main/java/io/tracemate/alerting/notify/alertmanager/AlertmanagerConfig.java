package io.tracemate.alerting.notify.alertmanager;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.alerting.notify.delivery.HttpClientSettings;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of Prometheus' {@code alerting.alertmanagers}: a set of Alertmanagers (each gets every alert; they
 * de-duplicate among themselves when clustered) reached alike. Only {@code static_configs} discovers targets.
 *
 * @param staticConfigs {@code [{targets: [host:port, ...]}]}
 * @param scheme {@code http} (default) or {@code https}
 * @param pathPrefix prefix of the API path ({@code /alertmanager} when it is served under one)
 * @param timeout longest one post may take (default 10s, Prometheus')
 * @param apiVersion only {@code v2} (Alertmanager removed v1 in 0.27)
 * @param basicAuth Prometheus' {@code basic_auth}
 * @param authorization Prometheus' {@code authorization} (a bearer token)
 * @param tlsConfig Prometheus' {@code tls_config}
 */
public record AlertmanagerConfig(
    @JsonProperty("static_configs") List<StaticConfig> staticConfigs,
    @JsonProperty("scheme") String scheme,
    @JsonProperty("path_prefix") String pathPrefix,
    @JsonProperty("timeout") Duration timeout,
    @JsonProperty("api_version") String apiVersion,
    @JsonProperty("basic_auth") HttpClientSettings.BasicAuth basicAuth,
    @JsonProperty("authorization") HttpClientSettings.Authorization authorization,
    @JsonProperty("tls_config") HttpClientSettings.TlsConfig tlsConfig) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public AlertmanagerConfig {
    staticConfigs = staticConfigs == null ? List.of() : List.copyOf(staticConfigs);
    scheme = scheme == null ? "http" : scheme;
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "alerting.alertmanagers[].scheme must be http or https, got " + scheme);
    }
    pathPrefix = pathPrefix == null ? "" : pathPrefix;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "alerting.alertmanagers[].timeout must be positive, got " + timeout);
    }
    apiVersion = apiVersion == null ? "v2" : apiVersion;
    if (!apiVersion.equals("v2")) {
      throw new IllegalArgumentException(
          "alerting.alertmanagers[].api_version must be v2 (Alertmanager removed v1), got "
              + apiVersion);
    }
    for (String url : urls(staticConfigs, scheme, pathPrefix)) {
      HttpSender.checkUrl(url, "alerting.alertmanagers[].static_configs[].targets");
    }
  }

  /** Alertmanagers at {@code urls} (Loki's {@code alertmanager_url}: base URLs, path prefix included). */
  public static AlertmanagerConfig ofUrl(String url) {
    HttpSender.checkUrl(url, "alerting.alertmanager_url");
    java.net.URI uri = java.net.URI.create(url);
    String target = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    HttpClientSettings.BasicAuth auth = null;
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      auth = new HttpClientSettings.BasicAuth(parts[0], parts.length > 1 ? parts[1] : "", null);
    }
    return new AlertmanagerConfig(
        List.of(new StaticConfig(List.of(target))),
        uri.getScheme(),
        uri.getRawPath(),
        null,
        null,
        auth,
        null,
        null);
  }

  /** The {@code POST /api/v2/alerts} URL of every target. */
  public List<String> urls() {
    return urls(staticConfigs, scheme, pathPrefix);
  }

  private static List<String> urls(
      List<StaticConfig> staticConfigs, String scheme, String pathPrefix) {
    List<String> urls = new ArrayList<>();
    String prefix =
        pathPrefix.endsWith("/") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
    if (!prefix.isEmpty() && !prefix.startsWith("/")) {
      prefix = "/" + prefix;
    }
    for (StaticConfig config : staticConfigs) {
      for (String target : config.targets()) {
        urls.add(scheme + "://" + target + prefix + "/api/v2/alerts");
      }
    }
    return urls;
  }

  public HttpClientSettings httpSettings() {
    return new HttpClientSettings(basicAuth, authorization, tlsConfig);
  }

  /** {@code {targets: [host:port, ...]}}. */
  public record StaticConfig(@JsonProperty("targets") List<String> targets) {
    public StaticConfig {
      targets = targets == null ? List.of() : List.copyOf(targets);
    }
  }
}
