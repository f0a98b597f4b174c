package io.tracemate.codec.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Locale;

/**
 * One OTLP/JSON document read token by token, with proto3 JSON's rules for each scalar type (those of protobuf's
 * {@code JsonFormat}, which this reader replaces): integers as JSON numbers or strings, also written as exact
 * decimals ({@code "1.0"}, {@code "1e3"}); 64-bit and unsigned ranges checked; doubles also as {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}; enums by name or number, an unknown name ignored; bytes as base64
 * (standard or URL-safe); {@code null} as the field's default. OTLP's own rule is {@link #hexId}: trace and span
 * IDs as hex.
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message starts with the JSON path of the value, such as
 * {@code resourceSpans[0].scopeSpans[1].spans[2].traceId: 'xyz' is not hex}. The path is read from Jackson's own
 * parsing context when a value is refused, so reading a valid document pays nothing for it.
 *
 * <p>One per document; not thread-safe.
 */
final class ProtoJsonCursor {
  private static final BigInteger MAX_UINT64 =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** JsonFormat's bound: Double.MAX_VALUE with a little slack, so that its own printed value reads back. */
  private static final BigDecimal MAX_DOUBLE =
      new BigDecimal(Double.MAX_VALUE).multiply(new BigDecimal("1.000001"));

  private final JsonParser parser;

  ProtoJsonCursor(JsonParser parser) {
    this.parser = parser;
  }

  /** The current token: the value of the field {@link #nextField} moved to, or an array element. */
  JsonToken token() {
    return parser.currentToken();
  }

  boolean isNull() {
    return parser.currentToken() == JsonToken.VALUE_NULL;
  }

  /** Moves to the document's first value, which must be an object (the message), then read with nextField. */
  void startDocument() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new IllegalArgumentException("the request body is empty: expected a JSON object");
    }
    if (token != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("expected a JSON object at the top level, got " + kind());
    }
  }

  /** Checks that the current value is an object, before its fields are read with {@link #nextField}. */
  void expectObject() {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw refused("expected an object, got " + kind());
    }
  }

  /**
   * Moves to the value of the object's next field and returns its name, or returns null at the object's end.
   * The caller reads the value or {@link #skip}s it.
   */
  String nextField() throws IOException {
    String name = parser.nextFieldName();
    if (name == null) {
      // A field name is not the only thing that can follow: at the end of the object the token is
      // END_OBJECT; anything else would have been refused by Jackson as malformed.
      return null;
    }
    parser.nextToken();
    return name;
  }

  /** Checks that the current value is an array, before its elements are read with {@link #nextElement}. */
  void expectArray() {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw refused("expected an array, got " + kind());
    }
  }

  /** Moves to the array's next element, false at its end. An element cannot be null, as in JsonFormat. */
  boolean nextElement() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == JsonToken.END_ARRAY) {
      return false;
    }
    if (token == JsonToken.VALUE_NULL) {
      throw refused("a repeated field's element cannot be null");
    }
    return true;
  }

  /** Skips the current value, with everything inside it. */
  void skip() throws IOException {
    parser.skipChildren();
  }

  // --- scalars ------------------------------------------------------------------------------

  /** A string; as in JsonFormat, a number or a boolean is taken as its text. */
  String string() throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING || token.isScalarValue()) {
      return parser.getText();
    }
    throw refused("expected a string, got " + kind());
  }

  boolean bool() throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    if (token == JsonToken.VALUE_STRING) {
      String text = parser.getText();
      if (text.equals("true")) {
        return true;
      }
      if (text.equals("false")) {
        return false;
      }
    }
    throw refused("not a bool value: " + shown());
  }

  int int32() throws IOException {
    long value = integer("an int32");
    if (value != (int) value) {
      throw refused("out of range int32 value: " + shown());
    }
    return (int) value;
  }

  /** uint32 and fixed32: 0 to 2^32 - 1, returned in an int's 32 bits as protobuf holds them. */
  int uint32() throws IOException {
    long value = integer("a uint32");
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw refused("out of range uint32 value: " + shown());
    }
    return (int) value;
  }

  long int64() throws IOException {
    return integer("an int64");
  }

  /** uint64 and fixed64: 0 to 2^64 - 1, returned in a long's 64 bits as protobuf holds them. */
  long uint64() throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      long fast =
          unsignedDigits(
              parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
      if (fast >= 0) {
        return fast;
      }
    } else if (token == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long value = parser.getLongValue();
      if (value < 0) {
        throw refused("out of range uint64 value: " + shown());
      }
      return value;
    }
    BigInteger value = exactInteger("a uint64");
    if (value.signum() < 0 || value.compareTo(MAX_UINT64) > 0) {
      throw refused("out of range uint64 value: " + shown());
    }
    return value.longValue();
  }

  double doubleValue() throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      double value = parser.getDoubleValue();
      if (Double.isInfinite(value)) {
        throw refused("out of range double value: " + shown());
      }
      return value;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw refused("not a double value: " + shown());
    }
    String text = parser.getText();
    switch (text) {
      case "NaN" -> {
        return Double.NaN;
      }
      case "Infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        BigDecimal value = decimal(text);
        if (value == null) {
          throw refused("not a double value: " + shown());
        }
        if (value.abs().compareTo(MAX_DOUBLE) > 0) {
          throw refused("out of range double value: " + shown());
        }
        if (value.precision() - value.scale() < -400) {
          // Below the smallest double (about 4.9e-324): zero, without an exact expansion of the
          // exponent.
          return value.signum() < 0 ? -0.0 : 0.0;
        }
        return value.doubleValue();
      }
    }
  }

  /** Base64, standard or URL-safe alphabet, padded or not: what proto3 JSON readers accept for bytes. */
  ByteString base64() throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw refused("expected a base64 string, got " + kind());
    }
    String text = parser.getText();
    try {
      return UnsafeByteOperations.unsafeWrap(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException standard) {
      try {
        return UnsafeByteOperations.unsafeWrap(Base64.getUrlDecoder().decode(text));
      } catch (IllegalArgumentException urlSafe) {
        throw refused("'" + abbreviated(text) + "' is not base64 (" + standard.getMessage() + ")");
      }
    }
  }

  /** OTLP/JSON's trace and span IDs: hex, either case, decoded without making a string of it. */
  ByteString hexId() throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw refused("expected a hex string, got " + kind());
    }
    char[] chars = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    int length = parser.getTextLength();
    if ((length & 1) != 0) {
      throw notHex("hex string must have an even length, got " + length);
    }
    byte[] bytes = new byte[length / 2];
    for (int i = 0; i < length; i++) {
      int digit = hexDigit(chars[offset + i]);
      if (digit < 0) {
        throw notHex("'" + chars[offset + i] + "' at position " + i + " is not a hex digit");
      }
      bytes[i >> 1] |= (byte) ((i & 1) == 0 ? digit << 4 : digit);
    }
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  /**
   * An enum's number, by name or number; null for a name the enum does not have (and for a value that is no
   * int32), which proto3 JSON readers that ignore unknown fields ignore, as they do here.
   */
  Integer enumNumber(EnumDescriptor type) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      EnumValueDescriptor named = type.findValueByName(parser.getText());
      if (named != null) {
        return named.getNumber();
      }
    } else if (!token.isScalarValue()) {
      throw refused("expected an enum name or number, got " + kind());
    }
    try {
      return int32();
    } catch (IllegalArgumentException notAnInt32) {
      return null;
    }
  }

  // --- errors ---------------------------------------------------------------------------------

  /** An error about the current value, prefixed with its JSON path. */
  IllegalArgumentException refused(String problem) {
    String path = path();
    return new IllegalArgumentException((path.isEmpty() ? "top level" : path) + ": " + problem);
  }

  /**
   * Where the current value is, as {@code resourceSpans[0].scopeSpans[1].spans[2].traceId}. On an object's or
   * array's first token Jackson has already entered it, so its path is its parent's.
   */
  String path() {
    JsonStreamContext context = parser.getParsingContext();
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      context = context.getParent();
    }
    Deque<String> parts = new ArrayDeque<>();
    for (; context != null && !context.inRoot(); context = context.getParent()) {
      if (context.inArray()) {
        parts.push("[" + Math.max(0, context.getCurrentIndex()) + "]");
      } else if (context.getCurrentName() != null) {
        parts.push("." + context.getCurrentName());
      }
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  private IllegalArgumentException notHex(String why) throws IOException {
    return refused("'" + abbreviated(parser.getText()) + "' is not hex (" + why + ")");
  }

  /** What the current value is, in JSON's terms. */
  private String kind() {
    JsonToken token = parser.currentToken();
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "object";
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }

  /** The current value for a message: its text if a scalar, its kind otherwise. */
  private String shown() throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      return "\"" + abbreviated(parser.getText()) + "\"";
    }
    return token != null && token.isScalarValue() ? abbreviated(parser.getText()) : kind();
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String abbreviated(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }

  /**
   * A signed integer, as JsonFormat reads one: a JSON integer, or a number or string whose decimal value is an
   * integer ({@code "1.0"}, {@code 1e3}), within a long.
   */
  private long integer(String what) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return parser.getLongValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      char[] chars = parser.getTextCharacters();
      int offset = parser.getTextOffset();
      int length = parser.getTextLength();
      boolean negative = length > 1 && chars[offset] == '-';
      long magnitude =
          negative
              ? unsignedDigits(chars, offset + 1, length - 1)
              : unsignedDigits(chars, offset, length);
      if (magnitude >= 0) {
        return negative ? -magnitude : magnitude;
      }
    }
    BigInteger value = exactInteger(what);
    if (value.bitLength() > 63) {
      throw refused("out of range " + what.substring(what.indexOf(' ') + 1) + " value: " + shown());
    }
    return value.longValue();
  }

  /**
   * The current number or string as an integer, refusing text that is no number or has a fraction. Exponents are
   * read without expanding them ({@code 1e-40000000} would be a 40-million-digit computation), and anything past
   * 20 digits (uint64's most) is refused as out of range before it is made a BigInteger.
   */
  private BigInteger exactInteger(String what) throws IOException {
    JsonToken token = parser.currentToken();
    BigDecimal value =
        token == JsonToken.VALUE_STRING
                || token == JsonToken.VALUE_NUMBER_INT
                || token == JsonToken.VALUE_NUMBER_FLOAT
            ? decimal(parser.getText())
            : null;
    if (value == null) {
      throw refused("not " + what + " value: " + shown());
    }
    value = value.stripTrailingZeros();
    if (value.scale() > 0) {
      throw refused("not " + what + " value: " + shown());
    }
    if (value.precision() - value.scale() > 20) {
      throw refused("out of range " + what.substring(what.indexOf(' ') + 1) + " value: " + shown());
    }
    return value.toBigIntegerExact();
  }

  /**
   * Decimal text as a BigDecimal, null when it is none or longer than a JSON number may be here (Jackson's
   * limit for number tokens, 1,000 characters): a BigDecimal of millions of digits costs quadratic time.
   */
  private static BigDecimal decimal(String text) {
    if (text.length() > 1000) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The value of 1 to 19 ASCII digits up to {@link Long#MAX_VALUE}, or -1 for anything else (larger, empty, signs,
   * fractions), which the exact path reads: the common case, 64-bit integers written as strings (OTLP/JSON's
   * nanosecond times), without a BigDecimal.
   */
  private static long unsignedDigits(char[] chars, int offset, int length) {
    if (length < 1 || length > 19) {
      return -1;
    }
    long value = 0;
    for (int i = offset; i < offset + length; i++) {
      int digit = chars[i] - '0';
      if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
