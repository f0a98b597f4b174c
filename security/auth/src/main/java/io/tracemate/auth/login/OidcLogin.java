package io.tracemate.auth.login;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.tracemate.auth.AuthResult;
import io.tracemate.auth.Authenticator;
import io.tracemate.auth.Credentials;
import io.tracemate.auth.Principal;
import io.tracemate.auth.config.OidcConfig;
import io.tracemate.auth.login.LoginException.Reason;
import io.tracemate.auth.oidc.JwtVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI's login at the OIDC issuer: the authorization code flow with PKCE (S256), {@code state} and
 * {@code nonce}, run by this server for the browser (a "backend for frontend": the browser never holds a token,
 * only an HttpOnly session cookie).
 *
 * <ol>
 *   <li>{@link #start}: a fresh {@code state}, {@code nonce} and PKCE verifier, remembered in {@link PendingLogins};
 *       the browser is sent to the issuer's authorization endpoint (found by discovery) and keeps the
 *       {@code state} in a cookie of its own, so that a callback only completes in the browser that started it
 *       (no login CSRF);</li>
 *   <li>{@link #complete}: the callback's {@code state} must equal the cookie's and name a pending login, which is
 *       taken (a replayed callback finds nothing); the code is exchanged at the token endpoint with the verifier
 *       (and the client secret, if any); the ID token is validated (signature by the issuer's keys, issuer,
 *       audience, expiry, nonce); then the access token, else the ID token, must pass the same
 *       {@link Authenticator} as any bearer token, and becomes the session's credential;</li>
 *   <li>{@link #bearer}: a session's credential for one request, refreshed first with the refresh token when it is
 *       about to expire; a session whose tokens cannot be refreshed ends;</li>
 *   <li>{@link #logout}: the session ends here, and the issuer's end-session URL (if it has one) ends it there.</li>
 * </ol>
 *
 * <p>Thread-safe. {@link #start}, {@link #complete} and {@link #bearer} may block on the issuer (discovery, the
 * token endpoint, its keys), each call bounded by time-outs: call them off an event loop.
 */
public final class OidcLogin {
  private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

  /** The cookie holding the session ID. */
  public static final String SESSION_COOKIE = "tracemate_session";

  /** The cookie holding a login's {@code state} between {@code /auth/login} and {@code /auth/callback}. */
  public static final String LOGIN_COOKIE = "tracemate_login";

  /** How long a login may take at the issuer (typing a password, a second factor). */
  public static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(10);

  /** Logins in flight at most; beyond, the oldest is forgotten. */
  static final int MAX_PENDING = 10_000;

  /** A session's token is refreshed this long before it expires, so no request carries an expired one. */
  static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_DOCUMENT_BYTES = 512 * 1024;
  private static final int MAX_TOKEN_RESPONSE_BYTES = 256 * 1024;
  private static final int MAX_RETURN_PATH = 2048;

  private final OidcConfig config;
  private final ClientID clientId;
  private final Secret clientSecret; // null: a public client, PKCE alone
  private final URI redirectUri;
  private final Authenticator authenticator;
  private final JwtVerifier verifier;
  private final Clock clock;
  private final PendingLogins pending;
  private final SessionStore sessions;
  private final ResourceRetriever retriever =
      new DefaultResourceRetriever(
          (int) CONNECT_TIMEOUT.toMillis(), (int) REQUEST_TIMEOUT.toMillis(), MAX_DOCUMENT_BYTES);
  private final BoundedHttpSender sender =
      new BoundedHttpSender(CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_TOKEN_RESPONSE_BYTES);
  private volatile OIDCProviderMetadata provider; // discovered on first use

  /**
   * @param config the {@code auth.oidc} block, with {@code client-id}
   * @param authenticator the server's authenticator (with this issuer), which also checks every session request
   * @throws IllegalArgumentException when the client secret file cannot be read (the message names it)
   */
  public OidcLogin(OidcConfig config, Authenticator authenticator, Clock clock) {
    if (!config.loginEnabled()) {
      throw new IllegalArgumentException("auth.oidc.client-id is not set: no login to run");
    }
    if (authenticator.jwtVerifier() == null) {
      throw new IllegalArgumentException("the authenticator has no OIDC issuer");
    }
    this.config = config;
    this.clientId = new ClientID(config.clientId());
    this.clientSecret =
        config.clientSecretFile() == null ? null : readSecret(Path.of(config.clientSecretFile()));
    this.redirectUri = URI.create(config.redirectUrl());
    this.authenticator = authenticator;
    this.verifier = authenticator.jwtVerifier();
    this.clock = clock;
    this.pending = new PendingLogins(MAX_PENDING, LOGIN_TIMEOUT, clock);
    this.sessions = new SessionStore(config.maxSessions(), clock);
  }

  /** A login to send the browser on: where to, and the {@code state} its login cookie must hold. */
  public record Start(URI authorizationUri, String state) {}

  /**
   * Starts a login that brings the browser back to {@code returnTo} (a path of this server; anything else means
   * {@code /}).
   *
   * @throws LoginException when the issuer's discovery document cannot be read
   */
  public Start start(String returnTo) throws LoginException {
    OIDCProviderMetadata metadata = provider();
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier codeVerifier = new CodeVerifier();
    pending.add(state.getValue(), codeVerifier, nonce, safeReturnPath(returnTo));
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope(config.scopes().toArray(String[]::new)),
                clientId,
                redirectUri)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(codeVerifier, CodeChallengeMethod.S256)
            .build();
    return new Start(request.toURI(), state.getValue());
  }

  /** A completed login: the new session and the page to go back to. */
  public record Completed(Session session, String returnTo) {}

  /**
   * Completes a login from the callback's query parameters.
   *
   * @param cookieState the {@code state} in the browser's login cookie (null when it has none)
   * @param params the callback's query parameters ({@code code} and {@code state}, or {@code error})
   * @throws LoginException saying why the login failed
   */
  public Completed complete(String cookieState, Map<String, String> params) throws LoginException {
    String state = params.get("state");
    if (state == null
        || cookieState == null
        || !MessageDigest.isEqual(
            state.getBytes(StandardCharsets.UTF_8), cookieState.getBytes(StandardCharsets.UTF_8))) {
      throw new LoginException(
          Reason.STATE,
          "this login was not started in this browser, or its cookie is gone: start it again");
    }
    PendingLogins.Pending login =
        pending
            .take(state)
            .orElseThrow(
                () ->
                    new LoginException(
                        Reason.STATE,
                        "this login expired or was already completed: start it again"));
    String error = params.get("error");
    if (error != null) {
      String description = params.get("error_description");
      throw new LoginException(
          Reason.ISSUER_ERROR,
          "the identity provider refused the login: "
              + printable(error)
              + (description == null ? "" : " (" + printable(description) + ")"));
    }
    String code = params.get("code");
    if (code == null || code.isEmpty()) {
      throw new LoginException(Reason.CODE_REFUSED, "the callback carries no authorization code");
    }
    OIDCTokens tokens =
        exchange(
            new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, login.verifier()));
    JWTClaimsSet idClaims = validateIdToken(tokens.getIDTokenString(), login.nonce());
    SessionTokens chosen = choose(tokens, null);
    Principal principal = authenticated(chosen.bearer());
    Instant endsAt = clock.instant().plus(config.sessionMaxAge());
    Session session = sessions.create(principal.subject(), endsAt, chosen);
    log.info(
        "web UI login of {} (ID token subject {}), session until {}",
        principal.subject(),
        idClaims.getSubject(),
        endsAt);
    return new Completed(session, login.returnTo());
  }

  /**
   * The bearer token of a session's request, refreshed first when it expires
   * within {@link #REFRESH_AHEAD} and the issuer gave a refresh token. Empty when there is no such session or it
   * has ended (it is then removed).
   */
  public Optional<String> bearer(String sessionId) {
    Optional<Session> found = sessions.find(sessionId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Session session = found.get();
    SessionTokens tokens = session.tokens();
    if (clock.instant().plus(REFRESH_AHEAD).isBefore(tokens.bearerExpiresAt())) {
      return Optional.of(tokens.bearer());
    }
    synchronized (session) {
      tokens = session.tokens(); // another request may have refreshed them meanwhile
      if (clock.instant().plus(REFRESH_AHEAD).isBefore(tokens.bearerExpiresAt())) {
        return Optional.of(tokens.bearer());
      }
      if (tokens.refreshToken() == null) {
        if (clock.instant().isBefore(tokens.bearerExpiresAt())) {
          return Optional.of(tokens.bearer()); // not expired yet, and nothing to renew it with
        }
        sessions.remove(session.id());
        return Optional.empty();
      }
      try {
        OIDCTokens renewed =
            exchange(new RefreshTokenGrant(new RefreshToken(tokens.refreshToken())));
        if (renewed.getIDTokenString() != null) {
          validateIdToken(renewed.getIDTokenString(), null);
        }
        SessionTokens next = choose(renewed, tokens);
        authenticated(next.bearer());
        session.tokens(next);
        return Optional.of(next.bearer());
      } catch (LoginException e) {
        log.info(
            "session of {} ended: its tokens could not be refreshed: {}",
            session.subject(),
            e.getMessage());
        sessions.remove(session.id());
        return Optional.empty();
      }
    }
  }

  /**
   * Ends a session here and says where to end it at the issuer: its end-session endpoint with the ID token as a
   * hint and this server's root as where to come back, or empty when the issuer has none (or the session is
   * unknown).
   */
  public Optional<URI> logout(String sessionId) {
    Optional<Session> found = sessions.find(sessionId);
    sessions.remove(sessionId);
    OIDCProviderMetadata metadata = provider;
    if (found.isEmpty() || metadata == null || metadata.getEndSessionEndpointURI() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new LogoutRequest(
                  metadata.getEndSessionEndpointURI(),
                  JWTParser.parse(found.get().tokens().idToken()),
                  redirectUri.resolve("/"),
                  null)
              .toURI());
    } catch (java.text.ParseException e) {
      return Optional.of(metadata.getEndSessionEndpointURI());
    }
  }

  public SessionStore sessions() {
    return sessions;
  }

  /** Whether the session cookie must be {@code Secure}: the browser reaches this server over https. */
  public boolean secureCookies() {
    return "https".equals(redirectUri.getScheme());
  }

  /** The origin browsers load the UI from, per {@code redirect-url} (a proxy may present another host). */
  public String origin() {
    return redirectUri.getScheme()
        + "://"
        + redirectUri.getHost()
        + (redirectUri.getPort() < 0 ? "" : ":" + redirectUri.getPort());
  }

  private OIDCTokens exchange(AuthorizationGrant grant) throws LoginException {
    OIDCProviderMetadata metadata = provider();
    ClientAuthentication authentication =
        clientSecret == null ? null : new ClientSecretBasic(clientId, clientSecret);
    TokenRequest request =
        authentication == null
            ? new TokenRequest(metadata.getTokenEndpointURI(), clientId, grant)
            : new TokenRequest(metadata.getTokenEndpointURI(), authentication, grant);
    TokenResponse response;
    try {
      response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send(sender));
    } catch (IOException e) {
      log.warn("the token endpoint of {} cannot be reached: {}", config.issuer(), e.getMessage());
      throw new LoginException(
          Reason.ISSUER_UNAVAILABLE, "the identity provider cannot be reached: try again shortly");
    } catch (ParseException e) {
      log.warn(
          "the token endpoint of {} answered something unusable: {}",
          config.issuer(),
          e.getMessage());
      throw new LoginException(
          Reason.ISSUER_UNAVAILABLE, "the identity provider's answer could not be read");
    }
    if (!response.indicatesSuccess()) {
      ErrorObject error = ((TokenErrorResponse) response).getErrorObject();
      log.info(
          "the token endpoint of {} refused the grant: {} {}",
          config.issuer(),
          error.getCode(),
          error.getDescription());
      throw new LoginException(
          Reason.CODE_REFUSED,
          "the identity provider refused the login code ("
              + printable(String.valueOf(error.getCode()))
              + "): start the login again");
    }
    OIDCTokens tokens = ((OIDCTokenResponse) response).getOIDCTokens();
    if (tokens.getIDTokenString() == null && grant instanceof AuthorizationCodeGrant) {
      throw new LoginException(
          Reason.ID_TOKEN, "the identity provider gave no ID token (is openid among the scopes?)");
    }
    return tokens;
  }

  private JWTClaimsSet validateIdToken(String idToken, Nonce nonce) throws LoginException {
    try {
      return verifier.validateIdToken(idToken, clientId.getValue(), nonce);
    } catch (JwtVerifier.Rejected e) {
      throw new LoginException(
          e.failure().reason() == io.tracemate.auth.AuthFailure.Reason.KEYS_UNAVAILABLE
              ? Reason.ISSUER_UNAVAILABLE
              : Reason.ID_TOKEN,
          e.failure().message());
    }
  }

  /**
   * The token that authenticates the session: at login, the access token when the authenticator accepts it (its
   * {@code aud} holds {@code auth.oidc.audience}), else the ID token (whose {@code aud} is the client ID); at a
   * refresh, the same kind as before.
   */
  private SessionTokens choose(OIDCTokens tokens, SessionTokens before) throws LoginException {
    String access = tokens.getAccessToken() == null ? null : tokens.getAccessToken().getValue();
    String id =
        tokens.getIDTokenString() != null
            ? tokens.getIDTokenString()
            : before == null ? null : before.idToken();
    String refresh =
        tokens.getRefreshToken() != null
            ? tokens.getRefreshToken().getValue()
            : before == null ? null : before.refreshToken();
    SessionTokens.Kind kind;
    if (before != null) {
      kind = before.kind();
    } else if (access != null
        && authenticator.authenticate(Credentials.bearer(access))
            instanceof AuthResult.Authenticated) {
      kind = SessionTokens.Kind.ACCESS_TOKEN;
    } else {
      kind = SessionTokens.Kind.ID_TOKEN;
    }
    String bearer = kind == SessionTokens.Kind.ACCESS_TOKEN ? access : tokens.getIDTokenString();
    if (bearer == null) {
      throw new LoginException(
          Reason.TOKENS_NOT_ACCEPTED, "the identity provider's answer lacks the session's token");
    }
    return new SessionTokens(bearer, kind, expiry(bearer), id, refresh);
  }

  /** The principal of a session's bearer token, as every request will find it. */
  private Principal authenticated(String bearer) throws LoginException {
    return switch (authenticator.authenticate(Credentials.bearer(bearer))) {
      case AuthResult.Authenticated authenticated -> authenticated.principal();
      case AuthResult.Refused refused -> {
        log.warn(
            "web UI login refused: neither the access token nor the ID token of {} is accepted as a bearer token"
                + " ({}); auth.oidc.audience ({}) must be in the access token's aud, or equal auth.oidc.client-id"
                + " ({})",
            config.issuer(),
            refused.failure().message(),
            config.audience(),
            config.clientId());
        throw new LoginException(
            Reason.TOKENS_NOT_ACCEPTED,
            "the identity provider's tokens are not accepted by this server ("
                + refused.failure().message()
                + "): ask an administrator to check auth.oidc.audience");
      }
    };
  }

  private Instant expiry(String token) throws LoginException {
    try {
      Date exp = JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
      if (exp == null) {
        throw new LoginException(Reason.TOKENS_NOT_ACCEPTED, "the session's token has no expiry");
      }
      return exp.toInstant();
    } catch (java.text.ParseException e) {
      throw new LoginException(Reason.TOKENS_NOT_ACCEPTED, "the session's token is not a JWT");
    }
  }

  private OIDCProviderMetadata provider() throws LoginException {
    OIDCProviderMetadata found = provider;
    if (found != null) {
      return found;
    }
    String where = OidcConfig.discoveryUrl(config.issuer());
    try {
      OIDCProviderMetadata metadata =
          OIDCProviderMetadata.parse(retriever.retrieveResource(new URL(where)).getContent());
      if (!config.issuer().equals(metadata.getIssuer().getValue())) {
        throw new ParseException(
            "it names the issuer '" + metadata.getIssuer() + "', not '" + config.issuer() + "'");
      }
      if (metadata.getAuthorizationEndpointURI() == null
          || metadata.getTokenEndpointURI() == null) {
        throw new ParseException("it names no authorization_endpoint or token_endpoint");
      }
      provider = metadata;
      return metadata;
    } catch (IOException | ParseException e) {
      log.warn("cannot read the OIDC discovery document {}: {}", where, e.getMessage());
      throw new LoginException(
          Reason.ISSUER_UNAVAILABLE, "the identity provider cannot be reached: try again shortly");
    }
  }

  /**
   * A return path that stays on this server: an absolute path, never {@code //host} or {@code /\host} (which
   * browsers read as another host), without control characters; anything else is {@code /}.
   */
  static String safeReturnPath(String returnTo) {
    if (returnTo == null
        || returnTo.isEmpty()
        || returnTo.length() > MAX_RETURN_PATH
        || returnTo.charAt(0) != '/'
        || returnTo.startsWith("//")
        || returnTo.startsWith("/\\")) {
      return "/";
    }
    for (int i = 0; i < returnTo.length(); i++) {
      char c = returnTo.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return "/";
      }
    }
    return returnTo;
  }

  /** At most 200 printable ASCII characters of what the issuer said, for a message shown to the user. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 200; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }

  private static Secret readSecret(Path file) {
    try {
      String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("auth.oidc.client-secret-file: " + file + " is empty");
      }
      return new Secret(secret);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "auth.oidc.client-secret-file: cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
