package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.auth.ApiTokens;
import io.tracemate.server.config.ConfigLoader;
import io.tracemate.testing.TemporaryFolder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The web UI's sign-in endpoints on a real server with authentication on, against a real OIDC provider
 * (mock-oauth2-server), driven as a browser drives them: redirects followed by hand, cookies carried by hand. Covers
 * the session cookie's attributes, the session authenticating API calls with the user's roles, the CSRF rules, the
 * refusals of a callback with another state, a replayed one and an unacceptable ID token, {@code /auth/me} for
 * a session, an API token and nobody, and logout.
 */
@Tag("oidc-provider") // OkHttp 4 for the provider: a surefire execution of its own (see the pom)
class UiLoginEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ApiTokens.GeneratedToken WRITER = ApiTokens.generate();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static TemporaryFolder folder;
  private static MockOAuth2Server provider;
  private static TracemateServer server;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-ui-login-test");
    provider = new MockOAuth2Server();
    provider.start();
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort(); // the redirect URL must name the port before the server starts
    }
    base = "http://127.0.0.1:" + port;
    Path file = folder.path().resolve("tracemate.yaml");
    Files.writeString(
        file,
        """
        server: {bind: 127.0.0.1, shutdown-grace: 5s}
        receivers: {otlp-grpc-port: 0, otlp-http-port: 0, zipkin-port: 0}
        query: {http-port: %d}
        storage: {data-dir: %s, refresh-interval: 100ms}
        auth:
          enabled: true
          oidc:
            issuer: "%s"
            audience: tracemate
            client-id: tracemate
            redirect-url: "%s/auth/callback"
          tokens:
            - {name: agent, sha256: %s, tenant: team-a, role: writer}
          rbac:
            bindings:
              - {role: viewer, tenants: [team-a, team-b], subjects: [alice]}
              - {role: admin, tenants: [team-b], subjects: [alice]}
        multitenancy: {enabled: true}
        """
            .formatted(
                port,
                folder.path().resolve("data"),
                provider.issuerUrl("default"),
                base,
                WRITER.sha256()));
    server = TracemateServer.start(new ConfigLoader().load(file));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
    if (folder != null) {
      folder.close();
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).GET();
  }

  /** The value the answer's Set-Cookie gives {@code name}, with its attributes. */
  private static String setCookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("set-cookie").stream()
        .filter(value -> value.startsWith(name + "="))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no Set-Cookie " + name + " in " + response.headers()));
  }

  private static String cookieValue(String setCookie) {
    String pair = setCookie.split(";", 2)[0];
    return pair.substring(pair.indexOf('=') + 1);
  }

  /** A login started at the server: the provider's redirect back (callback URL) and the login cookie. */
  private record Started(String callbackPath, String loginCookie) {}

  private static Started startLogin(String returnTo) throws Exception {
    HttpResponse<String> login = send(get("/auth/login?return=" + returnTo));
    assertThat(login.statusCode()).isEqualTo(302);
    String toProvider = login.headers().firstValue("location").orElseThrow();
    assertThat(toProvider).startsWith(provider.authorizationEndpointUrl("default").toString());
    String loginCookie = setCookie(login, "tracemate_login");
    assertThat(loginCookie)
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Lax")
        .contains("Path=/auth/callback");
    HttpResponse<String> atProvider = send(HttpRequest.newBuilder(URI.create(toProvider)).GET());
    assertThat(atProvider.statusCode()).isEqualTo(302);
    String back = atProvider.headers().firstValue("location").orElseThrow();
    assertThat(back).startsWith(base + "/auth/callback?");
    return new Started(back.substring(base.length()), cookieValue(loginCookie));
  }

  private static HttpResponse<String> callback(Started started, String loginCookie)
      throws Exception {
    HttpRequest.Builder request = get(started.callbackPath());
    if (loginCookie != null) {
      request.header("Cookie", "tracemate_login=" + loginCookie);
    }
    return send(request);
  }

  /** Logs alice in and returns her session cookie's value. */
  private static String logIn() throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice"));
    Started started = startLogin("/logs");
    HttpResponse<String> done = callback(started, started.loginCookie());
    assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    assertThat(done.headers().firstValue("location")).contains("/logs");
    String session = setCookie(done, "tracemate_session");
    assertThat(session)
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Lax")
        .contains("Path=/");
    assertThat(session).doesNotContain("Secure"); // plain http on loopback; https would add it
    return cookieValue(session);
  }

  @Test
  void aSessionAuthenticatesTheUisCallsWithTheUsersRolesPerTenant() throws Exception {
    String session = logIn();

    JsonNode me =
        JSON.readTree(
            send(get("/auth/me").header("Cookie", "tracemate_session=" + session)).body());
    assertThat(me.path("authEnabled").asBoolean()).isTrue();
    assertThat(me.path("login").asText()).isEqualTo("oidc");
    assertThat(me.path("user").asText()).isEqualTo("alice");
    assertThat(me.path("method").asText()).isEqualTo("oidc");
    assertThat(me.path("multitenancy").asBoolean()).isTrue();
    assertThat(me.path("tenants").toString())
        .isEqualTo(
            "[{\"id\":\"team-a\",\"roles\":[\"viewer\"],\"permissions\":[\"read\"]},"
                + "{\"id\":\"team-b\",\"roles\":[\"viewer\",\"admin\"],"
                + "\"permissions\":[\"read\",\"write_rules\",\"admin\"]}]");
    assertThat(me.path("defaultTenant").asText()).isEqualTo("team-a");

    HttpResponse<String> services =
        send(
            get("/api/services")
                .header("Cookie", "tracemate_session=" + session)
                .header("X-Scope-OrgID", "team-b"));
    assertThat(services.statusCode()).as(services.body()).isEqualTo(200);
    HttpResponse<String> notHers =
        send(
            get("/api/services")
                .header("Cookie", "tracemate_session=" + session)
                .header("X-Scope-OrgID", "team-c"));
    assertThat(notHers.statusCode()).isEqualTo(403);
    assertThat(notHers.body()).contains("not allowed to read tenant team-c");
    HttpResponse<String> nobody = send(get("/api/services").header("X-Scope-OrgID", "team-a"));
    assertThat(nobody.statusCode()).isEqualTo(401);
  }

  @Test
  void withTheSessionCookieCrossOriginRequestsAndChangesWithoutXRequestedWithAreRefused()
      throws Exception {
    String session = logIn();
    HttpResponse<String> foreign =
        send(
            get("/api/services")
                .header("Cookie", "tracemate_session=" + session)
                .header("X-Scope-OrgID", "team-a")
                .header("Origin", "http://evil.example"));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("cross-origin request refused");
    HttpResponse<String> sameOrigin =
        send(
            get("/api/services")
                .header("Cookie", "tracemate_session=" + session)
                .header("X-Scope-OrgID", "team-a")
                .header("Origin", base));
    assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(200);

    HttpResponse<String> forgedLogout =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/logout"))
                .header("Cookie", "tracemate_session=" + session)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(forgedLogout.statusCode()).isEqualTo(403);
    assertThat(forgedLogout.body()).contains("X-Requested-With");
    HttpResponse<String> forgedPost =
        send(
            HttpRequest.newBuilder(URI.create(base + "/loki/api/v1/push"))
                .header("Cookie", "tracemate_session=" + session)
                .header("X-Scope-OrgID", "team-a")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(forgedPost.statusCode()).isEqualTo(403);
    assertThat(forgedPost.body()).contains("X-Requested-With");
    // The session survived both.
    assertThat(send(get("/auth/me").header("Cookie", "tracemate_session=" + session)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aCallbackWithAnotherBrowsersStateIsRefused() throws Exception {
    Started mine = startLogin("/");
    Started someoneElses = startLogin("/");
    HttpResponse<String> refused = callback(mine, someoneElses.loginCookie());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("not started in this browser");
    assertThat(refused.headers().allValues("set-cookie"))
        .noneMatch(cookie -> cookie.startsWith("tracemate_session="));
    assertThat(callback(mine, null).statusCode()).isEqualTo(400);
  }

  @Test
  void aReplayedCallbackIsRefused() throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice"));
    Started started = startLogin("/");
    assertThat(callback(started, started.loginCookie()).statusCode()).isEqualTo(302);
    HttpResponse<String> replayed = callback(started, started.loginCookie());
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(replayed.body()).contains("already completed");
  }

  @Test
  void aCallbackWhoseIdTokenIsBadIsRefused() throws Exception {
    // The provider signs, but types the ID token as an access token: not an ID token.
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice", "at+jwt"));
    Started started = startLogin("/");
    HttpResponse<String> refused = callback(started, started.loginCookie());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("invalid ID token");
    assertThat(refused.headers().allValues("set-cookie"))
        .noneMatch(cookie -> cookie.startsWith("tracemate_session="));
    HttpResponse<String> metrics =
        send(get("/metrics").header("Authorization", "Bearer " + WRITER.token()));
    assertThat(metrics.statusCode()).isEqualTo(403); // a writer may not read /metrics
  }

  @Test
  void meTellsAnApiTokenItsTenantAndNobodyHowToSignIn() throws Exception {
    HttpResponse<String> nobody = send(get("/auth/me"));
    assertThat(nobody.statusCode()).isEqualTo(401);
    JsonNode refused = JSON.readTree(nobody.body());
    assertThat(refused.path("login").asText()).isEqualTo("oidc");
    assertThat(refused.path("error").asText()).startsWith("no credentials");

    JsonNode writer =
        JSON.readTree(
            send(get("/auth/me").header("Authorization", "Bearer " + WRITER.token())).body());
    assertThat(writer.path("user").asText()).isEqualTo("agent");
    assertThat(writer.path("method").asText()).isEqualTo("api_token");
    assertThat(writer.path("defaultTenant").asText()).isEqualTo("team-a");
    assertThat(writer.path("tenants").toString())
        .isEqualTo("[{\"id\":\"team-a\",\"roles\":[\"writer\"],\"permissions\":[\"ingest\"]}]");

    HttpResponse<String> ended = send(get("/auth/me").header("Cookie", "tracemate_session=gone"));
    assertThat(ended.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(ended.body()).path("error").asText()).contains("session has ended");
  }

  @Test
  void logoutEndsTheSessionAndSendsTheBrowserToTheProvidersEndSession() throws Exception {
    String session = logIn();
    HttpResponse<String> out =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/logout"))
                .header("Cookie", "tracemate_session=" + session)
                .header("X-Requested-With", "tracemate")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(out.body()).path("logoutUrl").asText())
        .startsWith(provider.endSessionEndpointUrl("default").toString());
    assertThat(setCookie(out, "tracemate_session")).contains("Max-Age=0");
    HttpResponse<String> after =
        send(
            get("/api/services")
                .header("Cookie", "tracemate_session=" + session)
                .header("X-Scope-OrgID", "team-a"));
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.body()).contains("session has ended");
  }
}
