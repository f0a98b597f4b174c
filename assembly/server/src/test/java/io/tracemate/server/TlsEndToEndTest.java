package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.tracemate.auth.ApiTokens;
import io.tracemate.testing.TemporaryFolder;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on every listener with certificates made here by a test CA: the OTel SDK's OTLP exporters and
 * zipkin-reporter send over TLS with a token, plain text is refused, a renewed certificate on disk is served
 * without a restart, mTLS refuses clients without a certificate and authenticates those with one, and bad files
 * stop the start naming the file.
 */
class TlsEndToEndTest {
  private static final ApiTokens.GeneratedToken WRITER = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken VIEWER = ApiTokens.generate();

  private static TemporaryFolder folder;
  private static TestCertificates ca;
  private static TracemateServer server;
  private static HttpClient https;

  @BeforeAll
  static void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-tls-test");
    ca = new TestCertificates("Tracemate Test CA");
    Path dir = folder.path().resolve("one");
    Files.createDirectories(dir);
    ca.server("tracemate-1").writeTo(dir, "server");
    server =
        TracemateServer.start(config(dir, "{cert-file: %s, key-file: %s, reload-interval: 100ms}"));
    https = HttpClient.newBuilder().sslContext(ca.clientContext(null)).build();
  }

  /**
   * The test settings with {@code tls} as the server's TLS block ({@code %s} placeholders: the cert, key and CA
   * files in {@code dir}), API tokens for a writer and a viewer, and the certificate CN {@code collector-eu} bound
   * to the writer role.
   */
  private static io.tracemate.server.config.TracemateConfig config(Path dir, String tls)
      throws IOException {
    return config(dir, tls, null, null);
  }

  /** As {@link #config(Path, String)}, with receivers.tls and query.tls blocks when not null. */
  private static io.tracemate.server.config.TracemateConfig config(
      Path dir, String tls, String receiversTls, String queryTls) throws IOException {
    Path file = dir.resolve("tracemate.yaml");
    Files.writeString(
        file,
        """
        server:
          bind: 127.0.0.1
          shutdown-grace: 5s
          tls: %s
        receivers: {otlp-grpc-port: 0, otlp-http-port: 0, zipkin-port: 0%s}
        query: {http-port: 0%s}
        storage: {data-dir: %s, refresh-interval: 100ms}
        auth:
          enabled: true
          tokens:
            - {name: agent, sha256: %s, role: writer}
            - {name: grafana, sha256: %s, role: viewer}
          rbac:
            bindings:
              - {role: writer, certificates: [collector-eu]}
        """
            .formatted(
                withFiles(dir, tls),
                receiversTls == null ? "" : ", tls: " + withFiles(dir, receiversTls),
                queryTls == null ? "" : ", tls: " + withFiles(dir, queryTls),
                dir.resolve("data"),
                WRITER.sha256(),
                VIEWER.sha256()));
    return new io.tracemate.server.config.ConfigLoader().load(file);
  }

  private static String withFiles(Path dir, String tls) {
    return tls.formatted(
        dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (folder != null) {
      folder.close();
    }
  }

  @Test
  void otlpExportersAndZipkinReporterSendOverTlsWithAToken() throws Exception {
    byte[] caPem = ca.ca().certificatePem().getBytes(StandardCharsets.US_ASCII);
    assertThat(
            SdkSpanExports.accepted(
                "tls-grpc",
                OtlpGrpcSpanExporter.builder()
                    .setEndpoint("https://127.0.0.1:" + server.otlpGrpcPort())
                    .setTrustedCertificates(caPem)
                    .addHeader("authorization", "Bearer " + WRITER.token())
                    .build()))
        .isTrue();
    assertThat(
            SdkSpanExports.accepted(
                "tls-http",
                OtlpHttpSpanExporter.builder()
                    .setEndpoint("https://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces")
                    .setTrustedCertificates(caPem)
                    .addHeader("Authorization", "Bearer " + WRITER.token())
                    .build()))
        .isTrue();
    try (ZipkinBearerSender sender =
        new ZipkinBearerSender(
            "https://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans", WRITER.token(), https)) {
      sender.send(List.of(ZipkinBearerSender.span("tls-zipkin")));
    }
    assertThat(
            queries().awaitServices(VIEWER.token(), List.of("tls-grpc", "tls-http", "tls-zipkin")))
        .isNotNull();
    assertThat(server.webUiUrl()).startsWith("https://");
  }

  @Test
  void plainTextClientsAreRefused() {
    HttpClient plain = HttpClient.newHttpClient();
    for (int port :
        new int[] {
          server.httpPort(), server.otlpHttpPort(), server.zipkinPort(), server.otlpGrpcPort()
        }) {
      assertThatThrownBy(
              () ->
                  plain.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP to port %d", port)
          .isInstanceOf(IOException.class);
    }
    assertThat(
            SdkSpanExports.accepted(
                "plain-grpc",
                OtlpGrpcSpanExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
                    .addHeader("authorization", "Bearer " + WRITER.token())
                    .build()))
        .isFalse();
  }

  @Test
  void aRenewedCertificateOnDiskIsServedWithoutARestart() throws Exception {
    Path dir = folder.path().resolve("one");
    BigInteger before = servedCertificate(server.otlpHttpPort(), null).getSerialNumber();
    TestCertificates.Issued renewed = ca.server("tracemate-2");
    // A half-written change first: the old pair stays in force.
    Files.writeString(dir.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\ngarbage\n");
    Thread.sleep(500);
    assertThat(servedCertificate(server.otlpHttpPort(), null).getSerialNumber()).isEqualTo(before);
    assertThat(metric("tracemate_tls_last_reload_successful{block=\"server.tls\"}"))
        .isEqualTo("0.0");

    renewed.writeTo(dir, "server");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    BigInteger seen = before;
    while (System.nanoTime() < deadline && !seen.equals(renewed.certificate().getSerialNumber())) {
      Thread.sleep(50);
      seen = servedCertificate(server.otlpHttpPort(), null).getSerialNumber();
    }
    assertThat(seen).isEqualTo(renewed.certificate().getSerialNumber());
    assertThat(servedCertificate(server.httpPort(), null).getSerialNumber()).isEqualTo(seen);
    assertThat(metric("tracemate_tls_last_reload_successful{block=\"server.tls\"}"))
        .isEqualTo("1.0");
    assertThat(
            Double.parseDouble(
                metric("tracemate_tls_certificate_expiry_timestamp_seconds{block=\"server.tls\"}")))
        .isEqualTo((double) renewed.certificate().getNotAfter().toInstant().getEpochSecond());
  }

  @Test
  void mutualTlsOnTheReceiversRefusesClientsWithoutACertificateAndAuthenticatesTheirCn()
      throws Exception {
    Path dir = folder.path().resolve("mtls");
    Files.createDirectories(dir);
    ca.server("tracemate-mtls").writeTo(dir, "server");
    Files.writeString(dir.resolve("ca.crt"), ca.ca().certificatePem());
    TestCertificates.Issued collector = ca.client("collector-eu");
    TestCertificates.Issued stranger = new TestCertificates("Other CA").client("collector-eu");
    try (TracemateServer mtls =
        TracemateServer.start(
            config(
                dir,
                "{cert-file: %s, key-file: %s}",
                "{cert_file: %s, key_file: %s, client_ca_file: %s, client-auth: require}",
                "{cert-file: %s, key-file: %s, client-ca-file: %s, client-auth: optional}"))) {
      byte[] caPem = ca.ca().certificatePem().getBytes(StandardCharsets.US_ASCII);
      String grpc = "https://127.0.0.1:" + mtls.otlpGrpcPort();
      assertThat(
              SdkSpanExports.accepted(
                  "mtls-none",
                  OtlpGrpcSpanExporter.builder()
                      .setEndpoint(grpc)
                      .setTrustedCertificates(caPem)
                      .addHeader("authorization", "Bearer " + WRITER.token())
                      .build()))
          .as("no client certificate, even with a token")
          .isFalse();
      assertThat(
              SdkSpanExports.accepted(
                  "mtls-stranger",
                  OtlpGrpcSpanExporter.builder()
                      .setEndpoint(grpc)
                      .setTrustedCertificates(caPem)
                      .setClientTls(
                          stranger.privateKeyPem().getBytes(StandardCharsets.US_ASCII),
                          stranger.certificatePem().getBytes(StandardCharsets.US_ASCII))
                      .build()))
          .as("a certificate of another CA")
          .isFalse();
      // No token: the certificate's CN is the credential, bound to the writer role.
      assertThat(
              SdkSpanExports.accepted(
                  "mtls-collector",
                  OtlpHttpSpanExporter.builder()
                      .setEndpoint("https://127.0.0.1:" + mtls.otlpHttpPort() + "/v1/traces")
                      .setTrustedCertificates(caPem)
                      .setClientTls(
                          collector.privateKeyPem().getBytes(StandardCharsets.US_ASCII),
                          collector.certificatePem().getBytes(StandardCharsets.US_ASCII))
                      .build()))
          .isTrue();
      HttpClient withCertificate =
          HttpClient.newBuilder().sslContext(ca.clientContext(collector)).build();
      HttpResponse<String> read =
          withCertificate.send(
              HttpRequest.newBuilder(
                      URI.create("https://127.0.0.1:" + mtls.httpPort() + "/api/services"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode())
          .as("the CN collector-eu holds the writer role only: %s", read.body())
          .isEqualTo(403);
      HttpResponse<String> viewer =
          withCertificate.send(
              HttpRequest.newBuilder(
                      URI.create("https://127.0.0.1:" + mtls.httpPort() + "/api/services"))
                  .header("Authorization", "Bearer " + VIEWER.token())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(200);
      HttpResponse<String> browser =
          https.send(
              HttpRequest.newBuilder(
                      URI.create("https://127.0.0.1:" + mtls.httpPort() + "/api/services"))
                  .header("Authorization", "Bearer " + VIEWER.token())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(browser.statusCode())
          .as("query.tls asks for no certificate: a browser without one gets in with a token")
          .isEqualTo(200);
    }
  }

  @Test
  void keysInTheTraditionalEncodingsAreServedAndAnEncryptedOneIsRefusedSayingWhatToDo()
      throws Exception {
    Path dir = folder.path().resolve("traditional");
    Files.createDirectories(dir);
    String tls = "{cert-file: %s, key-file: %s}";
    for (TestCertificates.Issued issued :
        List.of(ca.rsaServer("tracemate-pkcs1"), ca.server("tracemate-sec1"))) {
      issued.writeTo(dir, "server");
      Files.writeString(dir.resolve("server.key"), TestCertificates.traditionalPem(issued.keys()));
      assertThat(Files.readString(dir.resolve("server.key")))
          .startsWith(
              issued.keys().getPrivate().getAlgorithm().equals("RSA")
                  ? "-----BEGIN RSA PRIVATE KEY-----"
                  : "-----BEGIN EC PRIVATE KEY-----");
      try (TracemateServer traditional = TracemateServer.start(config(dir, tls))) {
        assertThat(servedCertificate(traditional.httpPort(), null).getSerialNumber())
            .isEqualTo(issued.certificate().getSerialNumber());
      }
    }

    TestCertificates.Issued encrypted = ca.server("tracemate-encrypted").writeTo(dir, "server");
    Files.writeString(
        dir.resolve("server.key"), TestCertificates.encryptedPkcs8Pem(encrypted.keys(), "secret"));
    assertThatThrownBy(() -> TracemateServer.start(config(dir, tls)))
        .hasMessageContaining("server.tls.key-file " + dir.resolve("server.key"))
        .hasMessageContaining("the key is encrypted; give it unencrypted");
  }

  @Test
  void minVersionTls13RefusesATls12Client() throws Exception {
    Path dir = folder.path().resolve("tls13");
    Files.createDirectories(dir);
    ca.server("tracemate-13").writeTo(dir, "server");
    try (TracemateServer modern =
        TracemateServer.start(config(dir, "{cert-file: %s, key-file: %s, min-version: TLSv1.3}"))) {
      SSLContext context = ca.clientContext(null);
      try (SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", modern.httpPort())) {
        socket.setSoTimeout(10_000);
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
      }
      assertThat(servedCertificate(modern.httpPort(), null).getSubjectX500Principal().getName())
          .isEqualTo("CN=tracemate-13");
    }
  }

  @Test
  void badFilesStopTheStartNamingTheFile() throws Exception {
    Path dir = folder.path().resolve("bad");
    Files.createDirectories(dir);
    ca.server("tracemate-bad").writeTo(dir, "server");
    Files.writeString(dir.resolve("server.key"), ca.server("someone-else").privateKeyPem());
    String tls = "{cert-file: %s, key-file: %s}";
    assertThatThrownBy(() -> TracemateServer.start(config(dir, tls)))
        .hasMessageContaining("server.tls.key-file " + dir.resolve("server.key"))
        .hasMessageContaining("does not belong to the certificate");

    Files.writeString(dir.resolve("server.key"), "not a key\n");
    assertThatThrownBy(() -> TracemateServer.start(config(dir, tls)))
        .hasMessageContaining("server.tls.key-file " + dir.resolve("server.key"))
        .hasMessageContaining("no PEM private key in it");

    Files.writeString(dir.resolve("server.crt"), "hello\n");
    assertThatThrownBy(() -> TracemateServer.start(config(dir, tls)))
        .hasMessageContaining("server.tls.cert-file " + dir.resolve("server.crt"))
        .hasMessageContaining("no PEM certificate");

    Files.delete(dir.resolve("server.crt"));
    assertThatThrownBy(() -> TracemateServer.start(config(dir, tls)))
        .hasMessageContaining("server.tls.cert-file " + dir.resolve("server.crt"))
        .hasMessageContaining("cannot read it");
  }

  /** The leaf certificate a TLS handshake with the port presents. */
  private static X509Certificate servedCertificate(int port, TestCertificates.Issued client)
      throws Exception {
    SSLContext context = ca.clientContext(client);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private static String metric(String name) throws Exception {
    HttpResponse<String> answer = queries().get("/metrics", VIEWER.token(), null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer
        .body()
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .map(line -> line.substring(name.length() + 1).strip())
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
  }

  private static QueryPortClient queries() {
    return new QueryPortClient(https, "https://127.0.0.1:" + server.httpPort());
  }
}
