package io.tracemate.logql.engine.pipeline;

import io.tracemate.logql.engine.QueryEvaluationException;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LogQL's {@code ip("...")}: a single address, a range {@code a-b} or a CIDR {@code a/n}, IPv4 or IPv6. Only IP
 * literals are parsed (never a host name, so no DNS). Immutable.
 */
public final class IpMatcher {
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$");

  /** Candidate addresses inside a log line. */
  private static final Pattern IN_LINE = Pattern.compile("[0-9a-fA-F:.]{2,}");

  private final BigInteger low;
  private final BigInteger high;
  private final boolean v6;

  private IpMatcher(BigInteger low, BigInteger high, boolean v6) {
    this.low = low;
    this.high = high;
    this.v6 = v6;
  }

  public static IpMatcher compile(String pattern) {
    String p = pattern.trim();
    try {
      int slash = p.indexOf('/');
      int dash = p.indexOf('-');
      if (slash > 0) {
        byte[] address = parse(p.substring(0, slash));
        int bits = Integer.parseInt(p.substring(slash + 1));
        int total = address.length * 8;
        if (bits < 0 || bits > total) {
          throw new IllegalArgumentException("prefix length out of range");
        }
        BigInteger base = new BigInteger(1, address);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(total - bits).subtract(BigInteger.ONE);
        BigInteger low = base.andNot(hostMask);
        return new IpMatcher(low, low.or(hostMask), address.length == 16);
      }
      if (dash > 0) {
        byte[] from = parse(p.substring(0, dash).trim());
        byte[] to = parse(p.substring(dash + 1).trim());
        if (from.length != to.length) {
          throw new IllegalArgumentException("range mixes IPv4 and IPv6");
        }
        return new IpMatcher(new BigInteger(1, from), new BigInteger(1, to), from.length == 16);
      }
      byte[] address = parse(p);
      BigInteger value = new BigInteger(1, address);
      return new IpMatcher(value, value, address.length == 16);
    } catch (IllegalArgumentException e) {
      throw new QueryEvaluationException(
          "invalid ip pattern \"" + pattern + "\": " + e.getMessage(), e);
    }
  }

  /** The address bytes of an IP literal (4 or 16); never a name lookup. */
  static byte[] parse(String text) {
    if (IPV4.matcher(text).matches()) {
      byte[] out = new byte[4];
      String[] parts = text.split("\\.");
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255 || (parts[i].length() > 1 && parts[i].startsWith("0"))) {
          throw new IllegalArgumentException("not an IP address: " + text);
        }
        out[i] = (byte) v;
      }
      return out;
    }
    if (IPV6.matcher(text).matches()) {
      return parseV6(text);
    }
    throw new IllegalArgumentException("not an IP address: " + text);
  }

  private static byte[] parseV6(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      throw new IllegalArgumentException("not an IP address: " + text);
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    java.util.List<Integer> headGroups = groups(head, text);
    java.util.List<Integer> tailGroups = groups(tail, text);
    int total = headGroups.size() + tailGroups.size();
    if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
      throw new IllegalArgumentException("not an IP address: " + text);
    }
    byte[] out = new byte[16];
    for (int i = 0; i < headGroups.size(); i++) {
      out[2 * i] = (byte) (headGroups.get(i) >> 8);
      out[2 * i + 1] = (byte) (int) headGroups.get(i);
    }
    int offset = 8 - tailGroups.size();
    for (int i = 0; i < tailGroups.size(); i++) {
      out[2 * (offset + i)] = (byte) (tailGroups.get(i) >> 8);
      out[2 * (offset + i) + 1] = (byte) (int) tailGroups.get(i);
    }
    return out;
  }

  /** 16-bit groups of one side of "::"; a trailing dotted IPv4 counts as two groups. */
  private static java.util.List<Integer> groups(String part, String text) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    if (part.isEmpty()) {
      return out;
    }
    String[] pieces = part.split(":", -1);
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (i == pieces.length - 1 && piece.contains(".")) {
        byte[] v4 = parse(piece);
        out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
        out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
        continue;
      }
      if (piece.isEmpty()
          || piece.length() > 4
          || !piece.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IllegalArgumentException("not an IP address: " + text);
      }
      out.add(Integer.parseInt(piece, 16));
    }
    return out;
  }

  /** Whether {@code value} is an IP address inside the pattern. */
  public boolean matchesAddress(String value) {
    byte[] bytes;
    try {
      bytes = parse(value.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if ((bytes.length == 16) != v6) {
      return false;
    }
    BigInteger v = new BigInteger(1, bytes);
    return v.compareTo(low) >= 0 && v.compareTo(high) <= 0;
  }

  /** Whether any address in the line is inside the pattern. */
  public boolean matchesLine(String line) {
    Matcher m = IN_LINE.matcher(line);
    while (m.find()) {
      if (matchesAddress(m.group())) {
        return true;
      }
    }
    return false;
  }
}
