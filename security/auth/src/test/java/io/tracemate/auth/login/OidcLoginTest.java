package io.tracemate.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.auth.AuthResult;
import io.tracemate.auth.Authenticator;
import io.tracemate.auth.Credentials;
import io.tracemate.auth.Principal;
import io.tracemate.auth.Role;
import io.tracemate.auth.config.AuthConfig;
import io.tracemate.auth.config.OidcConfig;
import io.tracemate.auth.config.RbacConfig;
import io.tracemate.auth.config.RoleBinding;
import io.tracemate.common.tenant.TenantId;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The login flow against a real OIDC provider (mock-oauth2-server: discovery, authorization endpoint, token
 * endpoint checking PKCE, signed tokens, refresh), driven as a browser would be, by following its redirects.
 */
class OidcLoginTest {
  private static final String CLIENT = "tracemate";
  private static final String REDIRECT = "http://127.0.0.1:9/auth/callback";
  private static final TenantId TEAM_A = TenantId.parse("team-a");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private MockOAuth2Server provider;
  private Authenticator authenticator;

  @BeforeEach
  void start() {
    provider = new MockOAuth2Server();
    provider.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (authenticator != null) {
      authenticator.close();
    }
    provider.shutdown();
  }

  private OidcLogin login(String audience) {
    String issuer = provider.issuerUrl("default").toString();
    OidcConfig oidc = OidcConfig.of(issuer, audience).withLogin(CLIENT, null, REDIRECT);
    authenticator =
        new Authenticator(
            new AuthConfig(
                true,
                oidc,
                null,
                new RbacConfig(
                    List.of(
                        new RoleBinding(
                            Role.VIEWER, List.of("team-a"), List.of("alice"), null, null)))),
            Clock.systemUTC());
    return new OidcLogin(oidc, authenticator, Clock.systemUTC());
  }

  /** What the provider sends the browser back with, after it logged the user in. */
  private Map<String, String> callbackOf(OidcLogin.Start start) throws Exception {
    HttpResponse<Void> answer =
        http.send(
            HttpRequest.newBuilder(start.authorizationUri()).GET().build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(answer.statusCode()).isEqualTo(302);
    URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith(REDIRECT);
    return query(back);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Test
  void theAuthorizationRequestCarriesStateNonceAndAnS256ChallengeOfTheVerifierSentLater()
      throws Exception {
    OidcLogin login = login(CLIENT);
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice"));
    OidcLogin.Start start = login.start("/logs?query=%7Bapp%3D%22x%22%7D");
    Map<String, String> asked = query(start.authorizationUri());
    assertThat(asked)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT)
        .containsEntry("redirect_uri", REDIRECT)
        .containsEntry("state", start.state())
        .containsEntry("code_challenge_method", "S256")
        .containsKey("nonce");
    assertThat(asked.get("scope").split(" ")).contains("openid");
    assertThat(start.state()).hasSizeGreaterThanOrEqualTo(32);

    Map<String, String> callback = callbackOf(start);
    OidcLogin.Completed completed = login.complete(start.state(), callback);

    assertThat(completed.returnTo()).isEqualTo("/logs?query=%7Bapp%3D%22x%22%7D");
    // The token request sent the verifier whose S256 hash the authorization request carried.
    RecordedRequest tokenRequest = null;
    for (RecordedRequest r = provider.takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = provider.takeRequest(1, TimeUnit.SECONDS)) {
      if (r.getPath().endsWith("/token")) {
        tokenRequest = r;
        break;
      }
    }
    assertThat(tokenRequest).isNotNull();
    Map<String, String> form = query(URI.create("x:/?" + tokenRequest.getBody().readUtf8()));
    String verifier = form.get("code_verifier");
    assertThat(verifier).hasSizeGreaterThanOrEqualTo(43);
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    assertThat(asked.get("code_challenge")).isEqualTo(challenge);

    String bearer = login.bearer(completed.session().id()).orElseThrow();
    Principal principal =
        ((AuthResult.Authenticated) authenticator.authenticate(Credentials.bearer(bearer)))
            .principal();
    assertThat(principal.subject()).isEqualTo("alice");
    assertThat(principal.rolesOn(TEAM_A)).isEqualTo(Set.of(Role.VIEWER));
    // The provider put no "tracemate" in the access token's aud: the session runs on the ID token.
    assertThat(completed.session().tokens().kind()).isEqualTo(SessionTokens.Kind.ID_TOKEN);
  }

  @Test
  void theAccessTokenIsTheSessionsCredentialWhenTheServerAcceptsIt() throws Exception {
    OidcLogin login = login(CLIENT);
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback("default", "alice", "JWT", List.of(CLIENT)));
    OidcLogin.Start start = login.start("/");
    OidcLogin.Completed completed = login.complete(start.state(), callbackOf(start));
    assertThat(completed.session().tokens().kind()).isEqualTo(SessionTokens.Kind.ACCESS_TOKEN);
  }

  @Test
  void aCallbackWhoseStateIsNotTheBrowsersIsRefused() throws Exception {
    OidcLogin login = login(CLIENT);
    OidcLogin.Start mine = login.start("/");
    OidcLogin.Start other = login.start("/");
    Map<String, String> callback = callbackOf(mine);

    assertThatThrownBy(() -> login.complete(other.state(), callback))
        .isInstanceOf(LoginException.class)
        .hasFieldOrPropertyWithValue("reason", LoginException.Reason.STATE);
    assertThatThrownBy(() -> login.complete(null, callback))
        .hasFieldOrPropertyWithValue("reason", LoginException.Reason.STATE);
    Map<String, String> forged = new HashMap<>(callback);
    forged.put("state", "made-up");
    assertThatThrownBy(() -> login.complete("made-up", forged))
        .hasFieldOrPropertyWithValue("reason", LoginException.Reason.STATE);
    assertThat(login.sessions().size()).isZero();
  }

  @Test
  void aReplayedCallbackIsRefused() throws Exception {
    OidcLogin login = login(CLIENT);
    OidcLogin.Start start = login.start("/");
    Map<String, String> callback = callbackOf(start);
    login.complete(start.state(), callback);

    assertThatThrownBy(() -> login.complete(start.state(), callback))
        .isInstanceOf(LoginException.class)
        .hasFieldOrPropertyWithValue("reason", LoginException.Reason.STATE)
        .hasMessageContaining("already completed");
    assertThat(login.sessions().size()).isEqualTo(1);
  }

  @Test
  void anErrorFromTheProviderIsShownAndCreatesNoSession() throws Exception {
    OidcLogin login = login(CLIENT);
    OidcLogin.Start start = login.start("/");
    assertThatThrownBy(
            () ->
                login.complete(
                    start.state(),
                    Map.of(
                        "state", start.state(),
                        "error", "access_denied",
                        "error_description", "user said no")))
        .hasFieldOrPropertyWithValue("reason", LoginException.Reason.ISSUER_ERROR)
        .hasMessageContaining("access_denied (user said no)");
  }

  @Test
  void anIdTokenThatIsNotOneIsRefused() throws Exception {
    OidcLogin login = login(CLIENT);
    // Typed as an access token (RFC 9068): never valid as an ID token, whatever it says.
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice", "at+jwt"));
    OidcLogin.Start start = login.start("/");
    Map<String, String> callback = callbackOf(start);

    assertThatThrownBy(() -> login.complete(start.state(), callback))
        .hasFieldOrPropertyWithValue("reason", LoginException.Reason.ID_TOKEN)
        .hasMessage("invalid ID token");
    assertThat(login.sessions().size()).isZero();
  }

  @Test
  void aTokenResponseThatCannotBeReadEndsTheLoginAsTheProvidersFault() throws Exception {
    OidcLogin login = login(CLIENT);
    // A negative expires_in: not a valid token response.
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback("default", "alice", "JWT", null, Map.of(), -3600));
    OidcLogin.Start start = login.start("/");
    Map<String, String> callback = callbackOf(start);
    assertThatThrownBy(() -> login.complete(start.state(), callback))
        .hasFieldOrPropertyWithValue("reason", LoginException.Reason.ISSUER_UNAVAILABLE);
    assertThat(login.sessions().size()).isZero();
  }

  @Test
  void tokensTheAuthenticatorRefusesEndTheLoginSayingWhatToCheck() throws Exception {
    OidcLogin login = login("another-audience");
    OidcLogin.Start start = login.start("/");
    Map<String, String> callback = callbackOf(start);
    assertThatThrownBy(() -> login.complete(start.state(), callback))
        .hasFieldOrPropertyWithValue("reason", LoginException.Reason.TOKENS_NOT_ACCEPTED)
        .hasMessageContaining("auth.oidc.audience");
  }

  @Test
  void aSessionWhoseTokenIsAboutToExpireIsRefreshedWithTheRefreshToken() throws Exception {
    OidcLogin login = login(CLIENT);
    // Valid for 20 s: within the refresh margin from the start.
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback("default", "alice", "JWT", null, Map.of(), 20));
    OidcLogin.Start start = login.start("/");
    OidcLogin.Completed completed = login.complete(start.state(), callbackOf(start));
    String first = completed.session().tokens().bearer();
    assertThat(completed.session().tokens().refreshToken()).isNotNull();

    String refreshed = login.bearer(completed.session().id()).orElseThrow();

    assertThat(refreshed).isNotEqualTo(first);
    assertThat(authenticator.authenticate(Credentials.bearer(refreshed)))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void logoutEndsTheSessionAndPointsAtTheProvidersEndSessionEndpoint() throws Exception {
    OidcLogin login = login(CLIENT);
    OidcLogin.Start start = login.start("/");
    OidcLogin.Completed completed = login.complete(start.state(), callbackOf(start));
    URI atProvider = login.logout(completed.session().id()).orElseThrow();
    assertThat(atProvider.toString())
        .startsWith(provider.endSessionEndpointUrl("default").toString())
        .contains("id_token_hint=");
    assertThat(login.bearer(completed.session().id())).isEmpty();
  }

  @Test
  void returnPathsStayOnThisServer() {
    assertThat(OidcLogin.safeReturnPath("/trace/abc?x=1")).isEqualTo("/trace/abc?x=1");
    assertThat(OidcLogin.safeReturnPath("//evil.example/")).isEqualTo("/");
    assertThat(OidcLogin.safeReturnPath("/\\evil.example/")).isEqualTo("/");
    assertThat(OidcLogin.safeReturnPath("https://evil.example/")).isEqualTo("/");
    assertThat(OidcLogin.safeReturnPath("/a\nSet-Cookie: x")).isEqualTo("/");
    assertThat(OidcLogin.safeReturnPath(null)).isEqualTo("/");
  }
}
