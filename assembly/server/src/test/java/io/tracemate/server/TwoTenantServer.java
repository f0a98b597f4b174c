package io.tracemate.server;

import com.nimbusds.jose.JOSEException;
import io.tracemate.auth.ApiTokens;
import io.tracemate.testing.TemporaryFolder;
import java.time.Instant;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server with authentication and multitenancy on, for tests of what two tenants see of each other: an API
 * token of each role (writer, viewer) bound to each of {@value #A} and {@value #B}, an OIDC issuer served in the
 * test, and two OIDC users bound by RBAC: {@code carol}, a viewer of both tenants, and {@code dave}, a viewer of
 * {@value #A} only.
 *
 * <p>A JUnit extension like {@link RunningServer#perClass()}: {@code @RegisterExtension static final
 * TwoTenantServer TENANTS = TwoTenantServer.perClass("...");} starts it over a fresh temporary folder before the
 * class's {@code @BeforeAll} methods (so they can feed it), and closes the server, the issuer and the folder after
 * the last test. Used from the test class's thread; the tokens are made once, when the extension is.
 */
final class TwoTenantServer implements BeforeAllCallback, AfterAllCallback {
  static final String A = "team-a";
  static final String B = "team-b";

  private final String folderPrefix;
  private final ApiTokens.GeneratedToken writerA = ApiTokens.generate();
  private final ApiTokens.GeneratedToken writerB = ApiTokens.generate();
  private final ApiTokens.GeneratedToken viewerA = ApiTokens.generate();
  private final ApiTokens.GeneratedToken viewerB = ApiTokens.generate();
  private TemporaryFolder folder;
  private OidcTestIssuer issuer;
  private TracemateServer server;
  private QueryPortClient queries;

  private TwoTenantServer(String folderPrefix) {
    this.folderPrefix = folderPrefix;
  }

  /** Not started yet: a JUnit extension to register in a static field. */
  static TwoTenantServer perClass(String folderPrefix) {
    return new TwoTenantServer(folderPrefix);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    folder = TemporaryFolder.create(folderPrefix);
    issuer = new OidcTestIssuer();
    server =
        TracemateServer.start(
            RunningServer.yamlConfig(
                folder.path(),
                """
                auth:
                  enabled: true
                  oidc: {issuer: "%s", jwks-url: "%s", audience: %s}
                  tokens:
                    - {name: agent-a, sha256: %s, tenant: team-a, role: writer}
                    - {name: agent-b, sha256: %s, tenant: team-b, role: writer}
                    - {name: grafana-a, sha256: %s, tenant: team-a, role: viewer}
                    - {name: grafana-b, sha256: %s, tenant: team-b, role: viewer}
                  rbac:
                    bindings:
                      - {role: viewer, tenants: [team-a, team-b], subjects: [carol]}
                      - {role: viewer, tenants: [team-a], subjects: [dave]}
                multitenancy: {enabled: true}
                """
                    .formatted(
                        issuer.issuer(),
                        issuer.jwksUrl(),
                        OidcTestIssuer.AUDIENCE,
                        writerA.sha256(),
                        writerB.sha256(),
                        viewerA.sha256(),
                        viewerB.sha256())));
    queries = QueryPortClient.of(server);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try (TemporaryFolder ownFolder = folder;
        OidcTestIssuer ownIssuer = issuer;
        TracemateServer ownServer = server) {
      // closed in reverse order: the server, then the issuer, then the folder
    }
  }

  TracemateServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "not started: register TwoTenantServer.perClass(...) with @RegisterExtension");
    }
    return server;
  }

  /** The query port, called with the credentials below. */
  QueryPortClient queries() {
    server();
    return queries;
  }

  String writerA() {
    return writerA.token();
  }

  String writerB() {
    return writerB.token();
  }

  String viewerA() {
    return viewerA.token();
  }

  String viewerB() {
    return viewerB.token();
  }

  /** A fresh OIDC token (five minutes) of {@code carol} (viewer of both tenants) or {@code dave} (of A). */
  String oidcToken(String subject) throws JOSEException {
    return issuer.token(subject, Instant.now());
  }
}
