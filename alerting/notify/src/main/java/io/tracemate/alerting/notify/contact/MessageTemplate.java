package io.tracemate.alerting.notify.contact;

import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.common.Cancellation;
import io.tracemate.logql.engine.template.GoTemplate;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A contact point's title and text templates, in LogQL's {@code line_format} dialect of Go's text/template (the
 * same implementation: actions, pipes, {@code if/else}, the sprig and Loki functions; no {@code range}: the text
 * template runs once per alert and the messages are joined).
 *
 * <p>Fields of the title: {@code .Status} (firing or resolved), {@code .Receiver}, {@code .GroupLabels} ({@code
 * k=v, ...}), {@code .FiringCount}, {@code .ResolvedCount}, {@code .ExternalURL}, and every common label by its
 * name. Fields of the text: every label by its name, then every annotation by its name (unless a label has it),
 * then {@code .Status}, {@code .StartsAt}, {@code .EndsAt}, {@code .GeneratorURL}, {@code .Fingerprint}, {@code
 * .Labels} ({@code k=v, ...}), {@code .Source} (a link to the query, in the contact point's markup) and {@code
 * .Evidence} (the evidence block: log lines and links to the traces, in the contact point's markup). Capitalized
 * names are the alert's own, as in Alertmanager's templates; a missing field is empty.
 *
 * <p>A message shows at most {@code maxAlerts} alerts, then says how many more there were. A template that fails
 * on one alert (a function given the wrong argument) is logged and that alert is written with the default
 * template, so an operator's typo never loses a page. Immutable and thread-safe.
 */
public final class MessageTemplate {
  private static final Logger log = LoggerFactory.getLogger(MessageTemplate.class);

  /** Longest text one template may produce for one alert, in characters. */
  private static final int MAX_CHARS = 64 * 1024;

  public static final String DEFAULT_TITLE =
      "[{{ .Status | upper }}{{ if ne .FiringCount \"0\" }}:{{ .FiringCount }}{{ end }}]"
          + " {{ .GroupLabels }}";

  static final String DEFAULT_TEXT =
      "{{ .Status | upper }}: {{ .alertname }}{{ if .summary }} - {{ .summary }}{{ end }}\n"
          + "{{ if .description }}{{ .description }}\n{{ end }}"
          + "Labels: {{ .Labels }}\n"
          + "Since {{ .StartsAt }}{{ if eq .Status \"resolved\" }}, resolved {{ .EndsAt }}{{ end }}"
          + "{{ if .Source }} {{ .Source }}{{ end }}"
          + "{{ if .Evidence }}\n{{ .Evidence }}{{ end }}";

  private static final GoTemplate DEFAULT_TITLE_TEMPLATE = GoTemplate.parse(DEFAULT_TITLE);
  private static final GoTemplate DEFAULT_TEXT_TEMPLATE = GoTemplate.parse(DEFAULT_TEXT);

  private final GoTemplate title;
  private final GoTemplate text;
  private final MessageFormat format;
  private final int maxAlerts;

  /**
   * @param title the title template, null for the default
   * @param text the per-alert text template, null for the default
   * @param key the configuration key, for errors
   * @throws IllegalArgumentException naming {@code key} when a template does not parse
   */
  public MessageTemplate(
      String title, String text, MessageFormat format, int maxAlerts, String key) {
    this.title = title == null ? DEFAULT_TITLE_TEMPLATE : parse(title, key + ".title");
    this.text = text == null ? DEFAULT_TEXT_TEMPLATE : parse(text, key + ".text");
    this.format = format;
    if (maxAlerts < 1) {
      throw new IllegalArgumentException(key + ".max_alerts must be at least 1, got " + maxAlerts);
    }
    this.maxAlerts = maxAlerts;
  }

  private static GoTemplate parse(String template, String key) {
    try {
      return GoTemplate.parse(template);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  public MessageFormat format() {
    return format;
  }

  /** The title of {@code notification}. */
  public String title(Notification notification) {
    Map<String, String> fields = new HashMap<>(notification.commonLabels());
    fields.put("Status", notification.status());
    fields.put("Receiver", notification.receiver());
    fields.put("GroupLabels", Notification.pairs(notification.groupLabels()));
    fields.put("FiringCount", Integer.toString(notification.firingCount()));
    fields.put("ResolvedCount", Integer.toString(notification.resolvedCount()));
    fields.put("ExternalURL", notification.externalUrl());
    return run(title, DEFAULT_TITLE_TEMPLATE, fields).strip();
  }

  /** The text of each alert shown, and a line saying how many were left out. */
  public String text(Notification notification) {
    List<NotifiedAlert> alerts = notification.alerts();
    StringBuilder out = new StringBuilder();
    for (NotifiedAlert alert : alerts.subList(0, Math.min(maxAlerts, alerts.size()))) {
      if (!out.isEmpty()) {
        out.append("\n\n");
      }
      out.append(run(text, DEFAULT_TEXT_TEMPLATE, fields(alert)).strip());
    }
    if (alerts.size() > maxAlerts) {
      out.append("\n\n… and ").append(alerts.size() - maxAlerts).append(" more alerts");
    }
    return out.toString();
  }

  private Map<String, String> fields(NotifiedAlert alert) {
    Map<String, String> fields = new HashMap<>(alert.annotations());
    fields.putAll(alert.labels());
    fields.put("Status", alert.status());
    fields.put("StartsAt", alert.startsAt().toString());
    fields.put("EndsAt", alert.endsAt().toString());
    fields.put("GeneratorURL", alert.generatorUrl());
    fields.put("Fingerprint", alert.fingerprint());
    fields.put("Labels", Notification.pairs(alert.labels()));
    fields.put("Source", format.sourceLink(alert.generatorUrl()));
    fields.put("Evidence", format.evidence(alert.evidence()));
    return fields;
  }

  private static String run(GoTemplate template, GoTemplate fallback, Map<String, String> fields) {
    try {
      return template.execute(fields, "", 0, MAX_CHARS, Cancellation.none());
    } catch (RuntimeException e) {
      if (template == fallback) {
        throw e;
      }
      log.warn(
          "notification template '{}' failed, using the default: {}", template, e.getMessage());
      return fallback.execute(fields, "", 0, MAX_CHARS, Cancellation.none());
    }
  }

  /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes, the cut marked (robots refuse longer messages). */
  public static String limitBytes(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    String marker = "\n…";
    int budget = maxBytes - marker.getBytes(StandardCharsets.UTF_8).length;
    int chars = 0;
    int used = 0;
    while (chars < text.length()) {
      int cp = text.codePointAt(chars);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + size > budget) {
        break;
      }
      used += size;
      chars += Character.charCount(cp);
    }
    return text.substring(0, chars) + marker;
  }
}
