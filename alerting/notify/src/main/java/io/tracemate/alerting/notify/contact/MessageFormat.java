package io.tracemate.alerting.notify.contact;

import io.tracemate.alerting.model.Evidence;
import io.tracemate.alerting.notify.EvidenceView;

/**
 * The markup a chat or mail integration writes: how links, emphasis and the evidence block look. The evidence
 * block lists the log lines (time, then the line, cut to a readable length) and one link per trace ID to the UI's
 * trace view (the bare ID without an external URL).
 */
public enum MessageFormat {
  /** Markdown as WeCom, DingTalk and Feishu cards read it. */
  MARKDOWN {
    @Override
    String bold(String text) {
      return "**" + text + "**";
    }

    @Override
    String link(String text, String url) {
      return "[" + text + "](" + url + ")";
    }

    @Override
    String code(String text) {
      return "`" + text.replace('`', '\'') + "`";
    }
  },
  /** Slack's mrkdwn. */
  SLACK {
    @Override
    String bold(String text) {
      return "*" + text + "*";
    }

    @Override
    String link(String text, String url) {
      return "<" + url + "|" + text + ">";
    }

    @Override
    String code(String text) {
      return "`" + text.replace('`', '\'') + "`";
    }

    @Override
    String escape(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
  },
  /** Plain text (e-mail, Feishu text messages). */
  PLAIN {
    @Override
    String bold(String text) {
      return text;
    }

    @Override
    String link(String text, String url) {
      return text.equals(url) ? url : text + " " + url;
    }

    @Override
    String code(String text) {
      return text;
    }
  };

  abstract String bold(String text);

  abstract String link(String text, String url);

  abstract String code(String text);

  /** Escapes text that is not markup (only Slack needs it). */
  String escape(String text) {
    return text;
  }

  /** The evidence block of one alert, empty when it has none. */
  public String evidence(EvidenceView evidence) {
    if (evidence.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(bold("Evidence"));
    for (Evidence.LogLine line : evidence.logLines()) {
      out.append("\n- ")
          .append(escape(line.time().toString()))
          .append(' ')
          .append(code(escape(EvidenceView.truncate(line.line().replace('\n', ' '), 200))));
    }
    for (int i = 0; i < evidence.traceIds().size(); i++) {
      String id = evidence.traceIds().get(i);
      out.append("\n- trace ");
      out.append(
          i < evidence.traceLinks().size() ? link(id, evidence.traceLinks().get(i)) : code(id));
    }
    return out.toString();
  }

  /** A link to the query behind an alert, empty when it has none. */
  String sourceLink(String url) {
    return url.isEmpty() ? "" : link("source", url);
  }
}
