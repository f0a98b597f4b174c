package io.tracemate.alerting.notify.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.alerting.notify.TestAlerts;
import io.tracemate.alerting.notify.delivery.DeliveryException;
import io.tracemate.common.tenant.TenantId;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** E-mail through a real SMTP server (GreenMail) on loopback. */
class EmailIntegrationTest {
  private static final int PORT = freePort();

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
          .withPerMethodLifecycle(true);

  private static Notification notification() {
    Instant now = Instant.now();
    Alert alert =
        TestAlerts.firing(
            TenantId.parse("team-a"),
            Map.of("alertname", "HighErrorRate", "service", "checkout"),
            now);
    return new Notification(
        "mail",
        "k",
        new TreeMap<>(Map.of("alertname", "HighErrorRate")),
        List.of(NotifiedAlert.of(alert, "tenant", now.plusSeconds(240), "https://tm.example.com")),
        "https://tm.example.com");
  }

  private static EmailIntegration.Config config(String user, String password) {
    return new EmailIntegration.Config(
        "oncall@bank.example, sre@bank.example",
        "tracemate@bank.example",
        "127.0.0.1:" + PORT,
        null,
        user,
        password,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void sendsThePlainTextMessageToEveryRecipient() throws Exception {
    try (EmailIntegration email = new EmailIntegration(config(null, null), Clock.systemUTC())) {
      email.send(notification()).join();
    }
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2);
    MimeMessage message = received[0];
    assertThat(message.getSubject()).isEqualTo("[FIRING:1] alertname=HighErrorRate");
    assertThat(message.getFrom()[0].toString()).isEqualTo("tracemate@bank.example");
    String body = GreenMailUtil.getBody(message);
    assertThat(body)
        .contains("FIRING: HighErrorRate - error rate of checkout above 5%")
        .contains("https://tm.example.com/trace/" + TestAlerts.TRACE_ID)
        .contains("payment declined");
  }

  @Test
  void logsInWhenAUserIsConfiguredAndARefusedLoginIsPermanent() {
    SMTP.setUser("tracemate", "right");
    try (EmailIntegration email =
        new EmailIntegration(config("tracemate", "right"), Clock.systemUTC())) {
      email.send(notification()).join();
    }
    assertThat(SMTP.getReceivedMessages()).hasSize(2);
    try (EmailIntegration wrong =
        new EmailIntegration(config("tracemate", "wrong"), Clock.systemUTC())) {
      assertThatThrownBy(() -> wrong.send(notification()).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
    }
  }

  @Test
  void requireTlsRefusesAServerWithoutStartTlsAndThatIsRetried() {
    EmailIntegration.Config base = config(null, null);
    EmailIntegration.Config tls =
        new EmailIntegration.Config(
            base.to(),
            base.from(),
            base.smarthost(),
            null,
            null,
            null,
            null,
            true,
            null,
            null,
            null,
            null,
            null,
            null);
    try (EmailIntegration email = new EmailIntegration(tls, Clock.systemUTC())) {
      assertThatThrownBy(() -> email.send(notification()).join())
          .cause()
          .isInstanceOfSatisfying(
              DeliveryException.class,
              e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).containsIgnoringCase("STARTTLS");
              });
    }
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
