package io.tracemate.common.tenant;

import java.nio.charset.StandardCharsets;

/**
 * One tenant's ID, valid by construction: at most {@value #MAX_BYTES} bytes of {@code 0-9 a-z A-Z} and {@code ! - _
 * . * ' ( )}, not empty, not {@code .} or {@code ..} (the rule of Loki, Tempo and Mimir, which also keeps an ID safe
 * as a directory name). Case-sensitive. {@code |} is not allowed: it separates the tenants of a {@link TenantScope}.
 *
 * <p>Immutable.
 */
public record TenantId(String value) implements Comparable<TenantId> {
  /** How many bytes (here: characters, all of them ASCII) an ID may have, as Loki and Mimir allow. */
  public static final int MAX_BYTES = 150;

  /** The rule, as every refusal states it. */
  public static final String RULE =
      "a tenant ID is 1 to 150 characters of 0-9 a-z A-Z ! - _ . * ' ( ), and not '.' or '..'";

  /** The tenant of single-tenant operation and of requests without one: {@code fake}, as in Loki. */
  public static final TenantId DEFAULT = new TenantId("fake");

  /**
   * @throws InvalidTenantException naming the rule that {@code value} breaks
   */
  public TenantId {
    String problem = problem(value);
    if (problem != null) {
      throw new InvalidTenantException(problem + ": " + RULE);
    }
  }

  /**
   * The tenant named {@code value}.
   *
   * @throws InvalidTenantException naming the rule {@code value} breaks
   */
  public static TenantId parse(String value) {
    return new TenantId(value);
  }

  /** Whether {@code value} is a valid tenant ID, without building one. */
  public static boolean isValid(String value) {
    return problem(value) == null;
  }

  /** What is wrong with {@code value}, or null when nothing is. The value is quoted only when short and printable. */
  private static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "empty tenant ID";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isAllowed(c)) {
        return "tenant ID "
            + quoted(value)
            + " has the character "
            + describe(value.codePointAt(i))
            + " at position "
            + (i + 1);
      }
    }
    // Every allowed character is ASCII, so the length in characters is the length in bytes.
    if (value.length() > MAX_BYTES) {
      return "tenant ID of " + value.getBytes(StandardCharsets.UTF_8).length + " bytes is too long";
    }
    if (value.equals(".") || value.equals("..")) {
      return "tenant ID '" + value + "' is not allowed";
    }
    return null;
  }

  private static boolean isAllowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '!'
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '*'
        || c == '\''
        || c == '('
        || c == ')';
  }

  private static String quoted(String value) {
    if (value.length() > 40) {
      return "starting '" + printable(value.substring(0, 40)) + "...'";
    }
    return "'" + printable(value) + "'";
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
              } else {
                out.append(String.format("\\u%04X", cp));
              }
            });
    return out.toString();
  }

  private static String describe(int codePoint) {
    if (codePoint >= 0x21 && codePoint < 0x7f) {
      return "'" + Character.toString(codePoint) + "'";
    }
    return String.format("U+%04X", codePoint);
  }

  @Override
  public int compareTo(TenantId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
