package io.tracemate.logql.engine.template;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Go's reference-time layouts ({@code 2006-01-02T15:04:05Z07:00}) for formatting and parsing, as sprig's
 * {@code date} and {@code toDate} use them. Times are UTC unless the layout carries a zone. Stateless.
 */
final class GoTime {
  private GoTime() {}

  private static final String[] TOKENS = {
    "January",
    "Jan",
    "Monday",
    "Mon",
    "MST",
    "2006",
    "002",
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "_2",
    "15",
    "1",
    "2",
    "3",
    "4",
    "5",
    "PM",
    "pm",
    "-07:00:00",
    "-070000",
    "-07:00",
    "-0700",
    "-07",
    "Z07:00:00",
    "Z070000",
    "Z07:00",
    "Z0700",
    "Z07"
  };

  /** The layout split into literal text and tokens (a fractional-seconds token starts with '.' or ','). */
  static List<String> chunks(String layout) {
    List<String> out = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      String token = tokenAt(layout, i);
      if (token == null) {
        literal.append(layout.charAt(i++));
        continue;
      }
      if (!literal.isEmpty()) {
        out.add("'" + literal);
        literal.setLength(0);
      }
      out.add(token);
      i += token.length();
    }
    if (!literal.isEmpty()) {
      out.add("'" + literal);
    }
    return out;
  }

  private static String tokenAt(String layout, int i) {
    char c = layout.charAt(i);
    if ((c == '.' || c == ',')
        && i + 1 < layout.length()
        && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
      char digit = layout.charAt(i + 1);
      int j = i + 1;
      while (j < layout.length() && layout.charAt(j) == digit) {
        j++;
      }
      if (j >= layout.length() || !Character.isDigit(layout.charAt(j))) {
        // Go treats ".000" as a fraction only after a seconds field; close enough for templates
        return layout.substring(i, j);
      }
    }
    for (String token : TOKENS) {
      if (layout.startsWith(token, i)) {
        if (token.equals("Jan") && layout.startsWith("January", i)) {
          return "January";
        }
        return token;
      }
    }
    return null;
  }

  static String format(ZonedDateTime t, String layout) {
    StringBuilder out = new StringBuilder();
    for (String chunk : chunks(layout)) {
      if (chunk.startsWith("'")) {
        out.append(chunk, 1, chunk.length());
        continue;
      }
      if (chunk.charAt(0) == '.' || chunk.charAt(0) == ',') {
        int digits = chunk.length() - 1;
        String nanos =
            String.format(Locale.ROOT, "%09d", t.getNano()).substring(0, Math.min(9, digits));
        if (chunk.charAt(1) == '9') {
          nanos = nanos.replaceAll("0+$", "");
          if (!nanos.isEmpty()) {
            out.append(chunk.charAt(0)).append(nanos);
          }
        } else {
          out.append(chunk.charAt(0)).append(nanos);
        }
        continue;
      }
      int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
      int offset = t.getOffset().getTotalSeconds();
      out.append(
          switch (chunk) {
            case "January" -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "Jan" -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "Monday" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "Mon" -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "MST" -> offset == 0 ? "UTC" : zoneAbbreviation(offset);
            case "2006" -> String.format(Locale.ROOT, "%04d", t.getYear());
            case "06" -> String.format(Locale.ROOT, "%02d", t.getYear() % 100);
            case "01" -> String.format(Locale.ROOT, "%02d", t.getMonthValue());
            case "1" -> Integer.toString(t.getMonthValue());
            case "02" -> String.format(Locale.ROOT, "%02d", t.getDayOfMonth());
            case "_2" -> String.format(Locale.ROOT, "%2d", t.getDayOfMonth());
            case "2" -> Integer.toString(t.getDayOfMonth());
            case "002" -> String.format(Locale.ROOT, "%03d", t.getDayOfYear());
            case "15" -> String.format(Locale.ROOT, "%02d", t.getHour());
            case "03" -> String.format(Locale.ROOT, "%02d", hour12);
            case "3" -> Integer.toString(hour12);
            case "04" -> String.format(Locale.ROOT, "%02d", t.getMinute());
            case "4" -> Integer.toString(t.getMinute());
            case "05" -> String.format(Locale.ROOT, "%02d", t.getSecond());
            case "5" -> Integer.toString(t.getSecond());
            case "PM" -> t.getHour() >= 12 ? "PM" : "AM";
            case "pm" -> t.getHour() >= 12 ? "pm" : "am";
            default -> zone(chunk, offset);
          });
    }
    return out.toString();
  }

  private static String zoneAbbreviation(int offsetSeconds) {
    return zone("-0700", offsetSeconds);
  }

  private static String zone(String token, int offsetSeconds) {
    if (token.startsWith("Z") && offsetSeconds == 0) {
      return "Z";
    }
    String sign = offsetSeconds < 0 ? "-" : "+";
    int abs = Math.abs(offsetSeconds);
    String hh = String.format(Locale.ROOT, "%02d", abs / 3600);
    String mm = String.format(Locale.ROOT, "%02d", abs / 60 % 60);
    String ss = String.format(Locale.ROOT, "%02d", abs % 60);
    String body = token.substring(1);
    return sign
        + switch (body) {
          case "07:00:00" -> hh + ":" + mm + ":" + ss;
          case "070000" -> hh + mm + ss;
          case "07:00" -> hh + ":" + mm;
          case "0700" -> hh + mm;
          default -> hh;
        };
  }

  /** time.Parse(layout, value); UTC unless the value carries an offset. */
  static ZonedDateTime parse(String layout, String value) {
    int year = 1;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nanos = 0;
    boolean pm = false;
    boolean hasPm = false;
    int offset = 0;
    int pos = 0;
    for (String chunk : chunks(layout)) {
      if (chunk.startsWith("'")) {
        String literal = chunk.substring(1);
        if (!value.startsWith(literal, pos)) {
          throw cannotParse(layout, value, pos);
        }
        pos += literal.length();
        continue;
      }
      if (chunk.charAt(0) == '.' || chunk.charAt(0) == ',') {
        if (pos < value.length() && (value.charAt(pos) == '.' || value.charAt(pos) == ',')) {
          int start = ++pos;
          while (pos < value.length() && Character.isDigit(value.charAt(pos))) {
            pos++;
          }
          String digits = (value.substring(start, pos) + "000000000").substring(0, 9);
          nanos = Integer.parseInt(digits);
        } else if (chunk.charAt(1) == '0') {
          throw cannotParse(layout, value, pos);
        }
        continue;
      }
      switch (chunk) {
        case "January", "Jan", "Monday", "Mon", "MST" -> {
          int start = pos;
          while (pos < value.length() && Character.isLetter(value.charAt(pos))) {
            pos++;
          }
          String word = value.substring(start, pos);
          if (chunk.startsWith("Jan")) {
            month = monthOf(word, layout, value);
          }
        }
        case "PM", "pm" -> {
          hasPm = true;
          pm = value.regionMatches(true, pos, "PM", 0, 2);
          pos += 2;
        }
        default -> {
          if (chunk.startsWith("Z") || chunk.startsWith("-")) {
            if (chunk.startsWith("Z") && pos < value.length() && value.charAt(pos) == 'Z') {
              pos++;
              offset = 0;
              continue;
            }
            int start = pos;
            if (pos >= value.length() || (value.charAt(pos) != '+' && value.charAt(pos) != '-')) {
              throw cannotParse(layout, value, pos);
            }
            pos++;
            while (pos < value.length()
                && (Character.isDigit(value.charAt(pos)) || value.charAt(pos) == ':')) {
              pos++;
            }
            String digits = value.substring(start + 1, pos).replace(":", "");
            int h = Integer.parseInt(digits.substring(0, Math.min(2, digits.length())));
            int m = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
            offset = (h * 3600 + m * 60) * (value.charAt(start) == '-' ? -1 : 1);
            continue;
          }
          boolean padded = chunk.length() > 1 || chunk.equals("_2");
          int maxDigits = chunk.equals("2006") ? 4 : chunk.equals("002") ? 3 : 2;
          if (chunk.equals("_2") && pos < value.length() && value.charAt(pos) == ' ') {
            pos++;
            maxDigits = 1;
          }
          int start = pos;
          while (pos < value.length()
              && pos - start < maxDigits
              && Character.isDigit(value.charAt(pos))) {
            pos++;
          }
          if (pos == start || (padded && !chunk.equals("_2") && pos - start != maxDigits)) {
            throw cannotParse(layout, value, start);
          }
          int n = Integer.parseInt(value.substring(start, pos));
          switch (chunk) {
            case "2006" -> year = n;
            case "06" -> year = n >= 69 ? 1900 + n : 2000 + n;
            case "01", "1" -> month = n;
            case "02", "_2", "2" -> day = n;
            case "15", "03", "3" -> hour = n;
            case "04", "4" -> minute = n;
            case "05", "5" -> second = n;
            default -> {}
          }
        }
      }
    }
    if (pos != value.length()) {
      throw new IllegalArgumentException(
          "parsing time \"" + value + "\": extra text: \"" + value.substring(pos) + "\"");
    }
    if (hasPm) {
      hour = hour % 12 + (pm ? 12 : 0);
    }
    try {
      return ZonedDateTime.of(
          year, month, day, hour, minute, second, nanos, ZoneOffset.ofTotalSeconds(offset));
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("parsing time \"" + value + "\": " + e.getMessage(), e);
    }
  }

  private static int monthOf(String word, String layout, String value) {
    for (java.time.Month m : java.time.Month.values()) {
      if (m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).equalsIgnoreCase(word)
          || m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(word)) {
        return m.getValue();
      }
    }
    throw new IllegalArgumentException(
        "parsing time \"" + value + "\" as \"" + layout + "\": month out of range");
  }

  private static IllegalArgumentException cannotParse(String layout, String value, int pos) {
    return new IllegalArgumentException(
        "parsing time \""
            + value
            + "\" as \""
            + layout
            + "\": cannot parse \""
            + value.substring(Math.min(pos, value.length()))
            + "\"");
  }
}
