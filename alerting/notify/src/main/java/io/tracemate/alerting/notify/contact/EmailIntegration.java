package io.tracemate.alerting.notify.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.alerting.notify.delivery.DeliveryException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * E-mail over SMTP with Jakarta Mail (Eclipse Angus), as Alertmanager's {@code email_configs}: a plain-text
 * message whose subject is the title and whose body is the alerts' text. Port 465 speaks TLS from the first byte
 * (SMTPS); any other port upgrades with STARTTLS, which {@code require_tls} (the default) insists on. SMTP blocks,
 * so sending runs on this integration's own thread, with at most {@value #MAX_QUEUED} messages waiting; a full
 * queue fails the attempt (retried later) rather than blocking the notifier. Connection, read and write
 * time-outs are {@code timeout}. Thread-safe.
 */
public final class EmailIntegration implements Integration {
  static final int MAX_QUEUED = 100;

  /**
   * @param to recipients, comma-separated
   * @param from the sender address
   * @param smarthost the SMTP server, {@code host:port}
   * @param hello the name sent in EHLO (default: the local host's)
   * @param authUsername the SMTP user, when the server wants a login
   * @param authPassword its password
   * @param authPasswordFile a file holding its password
   * @param requireTls whether STARTTLS is required (default true, Alertmanager's)
   * @param insecureSkipVerify trust any server certificate (labs only)
   * @param title the subject template
   * @param text the per-alert text template
   * @param sendResolved whether resolved alerts are sent (default false, Alertmanager's)
   * @param maxAlerts most alerts shown in one message (default 20)
   * @param timeout connection, read and write time-out (default 10s)
   */
  public record Config(
      @JsonProperty("to") String to,
      @JsonProperty("from") String from,
      @JsonProperty("smarthost") String smarthost,
      @JsonProperty("hello") String hello,
      @JsonProperty("auth_username") String authUsername,
      @JsonProperty("auth_password") String authPassword,
      @JsonProperty("auth_password_file") Path authPasswordFile,
      @JsonProperty("require_tls") Boolean requireTls,
      @JsonProperty("insecure_skip_verify") Boolean insecureSkipVerify,
      @JsonProperty("title") String title,
      @JsonProperty("text") String text,
      @JsonProperty("send_resolved") Boolean sendResolved,
      @JsonProperty("max_alerts") Integer maxAlerts,
      @JsonProperty("timeout") Duration timeout) {
    public Config {
      if (to == null || to.isBlank()) {
        throw new IllegalArgumentException("email_configs[].to is required");
      }
      if (from == null || from.isBlank()) {
        throw new IllegalArgumentException("email_configs[].from is required");
      }
      try {
        InternetAddress.parse(to, true);
        new InternetAddress(from, true);
      } catch (AddressException e) {
        throw new IllegalArgumentException(
            "email_configs[]: invalid address: " + e.getMessage(), e);
      }
      if (smarthost == null || !smarthost.matches("[^:\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException(
            "email_configs[].smarthost must be host:port, got " + smarthost);
      }
      if (authPassword != null && authPasswordFile != null) {
        throw new IllegalArgumentException(
            "at most one of email_configs[].auth_password and auth_password_file may be configured");
      }
      if (authPasswordFile != null) {
        try {
          authPassword = Files.readString(authPasswordFile).strip();
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot read email_configs[].auth_password_file " + authPasswordFile, e);
        }
      }
      requireTls = requireTls == null || requireTls;
      insecureSkipVerify = insecureSkipVerify != null && insecureSkipVerify;
      sendResolved = sendResolved != null && sendResolved;
      maxAlerts = ContactDefaults.maxAlerts(maxAlerts);
      timeout = ContactDefaults.timeout(timeout, "email_configs[].timeout");
    }

    String host() {
      return smarthost.substring(0, smarthost.lastIndexOf(':'));
    }

    int port() {
      return Integer.parseInt(smarthost.substring(smarthost.lastIndexOf(':') + 1));
    }

    @Override
    public String toString() {
      return "Email[" + to + " via " + smarthost + "]";
    }
  }

  private final Config config;
  private final MessageTemplate template;
  private final Clock clock;
  private final ThreadPoolExecutor sender;
  private final Session session;
  private final String protocol;

  public EmailIntegration(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.template =
        new MessageTemplate(
            config.title(),
            config.text(),
            MessageFormat.PLAIN,
            config.maxAlerts(),
            "email_configs[]");
    this.protocol = config.port() == 465 ? "smtps" : "smtp";
    this.session = Session.getInstance(properties(config, protocol));
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED),
            runnable -> {
              Thread thread = new Thread(runnable, "tracemate-notify-email");
              thread.setDaemon(true);
              return thread;
            });
  }

  private static Properties properties(Config config, String protocol) {
    Properties props = new Properties();
    String prefix = "mail." + protocol + ".";
    long millis = config.timeout().toMillis();
    props.put(prefix + "host", config.host());
    props.put(prefix + "port", Integer.toString(config.port()));
    props.put(prefix + "connectiontimeout", Long.toString(millis));
    props.put(prefix + "timeout", Long.toString(millis));
    props.put(prefix + "writetimeout", Long.toString(millis));
    props.put(prefix + "auth", Boolean.toString(config.authUsername() != null));
    if (config.hello() != null) {
      props.put(prefix + "localhost", config.hello());
    }
    if (protocol.equals("smtp")) {
      props.put(prefix + "starttls.enable", "true");
      props.put(prefix + "starttls.required", config.requireTls().toString());
    }
    props.put(prefix + "ssl.checkserveridentity", Boolean.toString(!config.insecureSkipVerify()));
    if (config.insecureSkipVerify()) {
      props.put(prefix + "ssl.trust", "*");
    }
    return props;
  }

  @Override
  public String kind() {
    return "email";
  }

  @Override
  public boolean sendResolved() {
    return config.sendResolved();
  }

  @Override
  public CompletableFuture<Void> send(Notification notification) {
    MimeMessage message;
    try {
      message = message(notification);
    } catch (MessagingException e) {
      return CompletableFuture.failedFuture(
          new DeliveryException("cannot build the e-mail: " + e.getMessage(), false, e));
    }
    try {
      return CompletableFuture.runAsync(() -> deliver(message), sender);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new DeliveryException(
              "e-mail not sent: " + MAX_QUEUED + " messages already wait for " + config.smarthost(),
              true));
    }
  }

  MimeMessage message(Notification notification) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(config.from()));
    message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(config.to()));
    message.setSubject(template.title(notification), "UTF-8");
    message.setText(template.text(notification), "UTF-8");
    message.setSentDate(Date.from(clock.instant()));
    return message;
  }

  private void deliver(MimeMessage message) {
    try (Transport transport = session.getTransport(protocol)) {
      if (config.authUsername() != null) {
        transport.connect(
            config.host(), config.port(), config.authUsername(), config.authPassword());
      } else {
        transport.connect();
      }
      message.saveChanges();
      transport.sendMessage(message, message.getAllRecipients());
    } catch (AuthenticationFailedException e) {
      throw new DeliveryException(
          config.smarthost() + " refused the login: " + e.getMessage(), false, e);
    } catch (SendFailedException e) {
      throw new DeliveryException(
          config.smarthost() + " refused the recipients: " + e.getMessage(), false, e);
    } catch (MessagingException e) {
      throw new DeliveryException(
          "sending e-mail via " + config.smarthost() + " failed: " + e.getMessage(), true, e);
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
