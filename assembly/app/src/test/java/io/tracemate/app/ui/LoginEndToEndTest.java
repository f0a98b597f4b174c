package io.tracemate.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.auth.ApiTokens;
import io.tracemate.server.TracemateServer;
import io.tracemate.server.config.ConfigLoader;
import io.tracemate.testing.TemporaryFolder;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Signing in to the web UI in a real headless browser: through a real OIDC provider's login page
 * (mock-oauth2-server, interactive) with the server's authorization code flow, the user and tenant in the header,
 * switching tenants (remembered by the tab), signing out; and with API tokens on a server without OIDC login,
 * including a writer's token, which gets the "no read permission" page.
 */
@Tag("oidc-provider") // OkHttp 4 for the provider: a surefire execution of its own (see the pom)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginEndToEndTest {
  private static final ApiTokens.GeneratedToken VIEWER = ApiTokens.generate();
  private static final ApiTokens.GeneratedToken WRITER = ApiTokens.generate();

  private TemporaryFolder folder;
  private MockOAuth2Server provider;
  private TracemateServer withOidc;
  private TracemateServer withTokens;
  private TracemateServer tenantsOnly;
  private Browser browser;
  private String oidcBase;
  private String tokenBase;
  private String tenantsOnlyBase;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    browser = new Browser(Path.of("target", "ui-screenshots"));
    folder = TemporaryFolder.create("tracemate-login-ui-test");
    provider = new MockOAuth2Server(new OAuth2Config(true));
    provider.start();
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort(); // the redirect URL names the port before the server starts
    }
    oidcBase = "http://127.0.0.1:" + port;
    withOidc =
        start(
            "oidc",
            port,
            """
            auth:
              enabled: true
              oidc:
                issuer: "%s"
                audience: tracemate
                client-id: tracemate
                redirect-url: "%s/auth/callback"
              rbac:
                bindings:
                  - {role: viewer, tenants: [team-a, team-b], subjects: [alice]}
            multitenancy: {enabled: true}
            """
                .formatted(provider.issuerUrl("default"), oidcBase));
    withTokens =
        start(
            "tokens",
            0,
            """
            auth:
              enabled: true
              tokens:
                - {name: grafana, sha256: %s, tenant: team-a, role: viewer}
                - {name: collector, sha256: %s, tenant: team-a, role: writer}
            multitenancy: {enabled: true}
            """
                .formatted(VIEWER.sha256(), WRITER.sha256()));
    tokenBase = "http://127.0.0.1:" + withTokens.httpPort();
    tenantsOnly = start("tenants-only", 0, "multitenancy: {enabled: true}\n");
    tenantsOnlyBase = "http://127.0.0.1:" + tenantsOnly.httpPort();
  }

  private TracemateServer start(String name, int port, String security) throws Exception {
    Path dir = Files.createDirectories(folder.path().resolve(name));
    Path file = dir.resolve("tracemate.yaml");
    Files.writeString(
        file,
        """
        server: {bind: 127.0.0.1, shutdown-grace: 5s}
        receivers: {otlp-grpc-port: 0, otlp-http-port: 0, zipkin-port: 0}
        query: {http-port: %d}
        storage: {data-dir: %s}
        """
                .formatted(port, dir.resolve("data"))
            + security);
    return TracemateServer.start(new ConfigLoader().load(file));
  }

  @AfterAll
  void stop() {
    try (TemporaryFolder cleanup = folder) {
      if (browser != null) {
        browser.close();
      }
      for (TracemateServer server : new TracemateServer[] {withOidc, withTokens, tenantsOnly}) {
        if (server != null) {
          server.close();
        }
      }
      if (provider != null) {
        provider.shutdown();
      }
    }
  }

  private Object script(String code) {
    return ((JavascriptExecutor) browser.driver).executeScript(code);
  }

  @Test
  void signsInAtTheProviderSeesUserAndTenantSwitchesTenantAndSignsOut() {
    browser.driver.manage().deleteAllCookies();
    browser.driver.get(oidcBase + "/services");
    browser.awaitElement("the sign-in page", By.cssSelector("[data-test=login-oidc]")).click();

    // The provider's own login page.
    WebElement username =
        browser.awaitElement("the provider's login page", By.cssSelector("input[name=username]"));
    assertThat(browser.driver.getCurrentUrl()).startsWith(provider.baseUrl().toString());
    username.sendKeys("alice");
    browser.screenshot("login-provider-page");
    username.submit();

    WebElement user =
        browser.awaitContaining(
            "signed in as alice", By.cssSelector("[data-test=user-name]"), "alice");
    assertThat(user.getText()).contains("viewer");
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(oidcBase + "/services");
    browser.awaitElement("the app behind the sign-in", By.cssSelector("[data-test=nav-services]"));
    Select tenants =
        new Select(
            browser.awaitElement("tenant picker", By.cssSelector("[data-test=tenant-picker]")));
    assertThat(tenants.getOptions())
        .extracting(WebElement::getText)
        .containsExactly("team-a", "team-b");
    assertThat(tenants.getFirstSelectedOption().getText()).isEqualTo("team-a");
    assertThat(browser.driver.manage().getCookieNamed("tracemate_session").isHttpOnly()).isTrue();
    assertThat(script("return document.cookie")).asString().doesNotContain("tracemate_session");
    browser.screenshot("login-signed-in");

    tenants.selectByVisibleText("team-b");
    browser.await(
        "team-b remembered by the tab",
        d -> "team-b".equals(script("return sessionStorage.getItem('tracemate.tenant')")));
    browser.driver.navigate().refresh();
    browser.await(
        "team-b still picked after a reload",
        d ->
            d.findElements(By.cssSelector("[data-test=tenant-picker]")).stream()
                .anyMatch(
                    picker ->
                        new Select(picker).getFirstSelectedOption().getText().equals("team-b")));

    browser.awaitElement("sign out", By.cssSelector("[data-test=logout]")).click();
    // Out at the provider, and back at the server's root, which asks for a sign-in again.
    browser.awaitElement("signed out", By.cssSelector("[data-test=login-oidc]"));
    assertThat(browser.driver.manage().getCookieNamed("tracemate_session")).isNull();
    browser.screenshot("login-signed-out");
  }

  @Test
  void signsInWithAnApiTokenAndAWriterSeesThatItMayNotRead() throws Exception {
    browser.driver.manage().deleteAllCookies();
    browser.driver.get(tokenBase + "/search");
    browser
        .awaitElement("token sign-in", By.cssSelector("[data-test=token-input]"))
        .sendKeys("tmt_wrong");
    browser.driver.findElement(By.cssSelector("[data-test=token-submit]")).click();
    browser.awaitContaining(
        "a wrong token refused", By.cssSelector("[data-test=sign-in-message]"), "not accepted");

    browser.driver.findElement(By.cssSelector("[data-test=token-input]")).sendKeys(VIEWER.token());
    browser.driver.findElement(By.cssSelector("[data-test=token-submit]")).click();
    browser.awaitContaining(
        "signed in as grafana", By.cssSelector("[data-test=user-name]"), "grafana");
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=current-tenant]")).getText())
        .contains("team-a");
    browser.awaitElement("the search page", By.cssSelector("[data-test=find]"));
    assertThat(script("return sessionStorage.getItem('tracemate.token')"))
        .isEqualTo(VIEWER.token());
    browser.screenshot("login-token-viewer");

    // The live tail's WebSocket carries the token and the tenant as well, though a page cannot set
    // its headers.
    browser.driver.get(tokenBase + "/logs?query=" + enc("{app=\"ui-tail\"}") + "&lookback=5m");
    browser.awaitElement("tail button", By.cssSelector("[data-test=tail]")).click();
    browser.await(
        "tail connected with the token",
        d ->
            "live"
                .equals(
                    d.findElement(By.cssSelector("[data-test=tail-bar]"))
                        .getDomAttribute("data-state")));
    push(tokenBase, WRITER.token(), null, "ui-tail", "a line tailed with a token");
    browser.awaitContaining(
        "the line in the tail",
        By.cssSelector("[data-test=log-row]"),
        "a line tailed with a token");
    browser.driver.findElement(By.cssSelector("[data-test=tail]")).click();

    browser.driver.findElement(By.cssSelector("[data-test=logout]")).click();
    browser
        .awaitElement("token sign-in again", By.cssSelector("[data-test=token-input]"))
        .sendKeys(WRITER.token());
    assertThat(script("return sessionStorage.getItem('tracemate.token')")).isNull();
    browser.driver.findElement(By.cssSelector("[data-test=token-submit]")).click();
    WebElement refused =
        browser.awaitElement("no read permission", By.cssSelector("[data-test=no-read]"));
    assertThat(refused.getText()).contains("collector").contains("team-a").contains("writer");
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=find]"))).isEmpty();
    browser.screenshot("login-token-writer");
  }

  @Test
  void withTenantsButNoAuthenticationTheUserNamesTheTenantAndSeesOnlyItsData() throws Exception {
    push(tenantsOnlyBase, null, "team-a", "ui-tenant", "a line of team-a");
    push(tenantsOnlyBase, null, "team-b", "ui-tenant", "a line of team-b");
    browser.driver.manage().deleteAllCookies();
    browser.driver.get(
        tenantsOnlyBase + "/logs?query=" + enc("{app=\"ui-tenant\"}") + "&lookback=15m");
    script("sessionStorage.clear()");
    browser.driver.navigate().refresh();
    WebElement tenant =
        browser.awaitElement("the tenant field", By.cssSelector("[data-test=tenant-input]"));
    tenant.sendKeys("team-a", Keys.ENTER);
    browser.awaitContaining(
        "team-a's line", By.cssSelector("[data-test=log-row]"), "a line of team-a");
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-row]")))
        .noneMatch(row -> row.getText().contains("team-b"));
    assertThat(script("return sessionStorage.getItem('tracemate.tenant')")).isEqualTo("team-a");
    browser.screenshot("tenant-without-auth");

    WebElement field = browser.driver.findElement(By.cssSelector("[data-test=tenant-input]"));
    field.clear();
    field.sendKeys("team-b", Keys.ENTER);
    browser.awaitContaining(
        "team-b's line", By.cssSelector("[data-test=log-row]"), "a line of team-b");
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-row]")))
        .noneMatch(row -> row.getText().contains("team-a"));

    browser.driver.findElement(By.cssSelector("[data-test=tail]")).click();
    browser.await(
        "tail connected as team-b",
        d ->
            "live"
                .equals(
                    d.findElement(By.cssSelector("[data-test=tail-bar]"))
                        .getDomAttribute("data-state")));
    push(tenantsOnlyBase, null, "team-a", "ui-tenant", "tailed for team-a");
    push(tenantsOnlyBase, null, "team-b", "ui-tenant", "tailed for team-b");
    browser.awaitContaining(
        "team-b's tailed line", By.cssSelector("[data-test=log-row]"), "tailed for team-b");
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-row]")))
        .noneMatch(row -> row.getText().contains("tailed for team-a"));
    browser.driver.findElement(By.cssSelector("[data-test=tail]")).click();
  }

  /** One Loki push of {@code line} now, with a bearer token or a tenant header (or both). */
  private void push(String base, String token, String tenant, String app, String line)
      throws Exception {
    String body =
        "{\"streams\":[{\"stream\":{\"app\":\""
            + app
            + "\"},\"values\":[[\""
            + System.currentTimeMillis() * 1_000_000L
            + "\",\""
            + line
            + "\"]]}]}";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/loki/api/v1/push"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    HttpResponse<String> pushed = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
