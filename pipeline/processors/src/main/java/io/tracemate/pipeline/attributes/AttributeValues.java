package io.tracemate.pipeline.attributes;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.AttributeValue.ArrayValue;
import io.tracemate.model.AttributeValue.BoolValue;
import io.tracemate.model.AttributeValue.BytesValue;
import io.tracemate.model.AttributeValue.DoubleValue;
import io.tracemate.model.AttributeValue.KeyValueList;
import io.tracemate.model.AttributeValue.LongValue;
import io.tracemate.model.AttributeValue.StringValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Value helpers that follow the collector: config literals, SHA-256 hashing, type conversion, text forms. */
public final class AttributeValues {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  private AttributeValues() {}

  /**
   * A YAML/JSON literal as an attribute value: strings, integers (long), floats (double), booleans, lists
   * (array) and maps (key-value list); null stays null.
   *
   * @throws IllegalArgumentException for other types or null list elements
   */
  public static AttributeValue fromConfig(Object raw) {
    return switch (raw) {
      case null -> null;
      case String s -> new StringValue(s);
      case Boolean b -> new BoolValue(b);
      case Integer i -> new LongValue(i);
      case Long l -> new LongValue(l);
      case BigInteger big -> new LongValue(big.longValueExact());
      case Float f -> new DoubleValue(f);
      case Double d -> new DoubleValue(d);
      case BigDecimal d -> new DoubleValue(d.doubleValue());
      case List<?> list -> {
        List<AttributeValue> values = new ArrayList<>();
        for (Object element : list) {
          if (element == null) {
            throw new IllegalArgumentException("a list value must not contain null");
          }
          values.add(fromConfig(element));
        }
        yield new ArrayValue(values);
      }
      case Map<?, ?> map -> {
        List<Attribute> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (e.getValue() == null) {
            throw new IllegalArgumentException("map entry '" + e.getKey() + "' has no value");
          }
          entries.add(new Attribute(String.valueOf(e.getKey()), fromConfig(e.getValue())));
        }
        yield new KeyValueList(entries);
      }
      default ->
          throw new IllegalArgumentException(
              "unsupported value type " + raw.getClass().getSimpleName());
    };
  }

  /**
   * The collector's hash: SHA-256 as lowercase hex over the UTF-8 string, one byte for a bool, 8 little-endian
   * bytes for an int or double; "" for an empty string (nothing to hash, as the collector). Beyond the
   * collector (which yields ""), bytes hash their content and arrays/maps their JSON text.
   */
  public static String sha256Hex(AttributeValue value) {
    byte[] input =
        switch (value) {
          case StringValue s -> s.value().getBytes(StandardCharsets.UTF_8);
          case BoolValue b -> new byte[] {(byte) (b.value() ? 1 : 0)};
          case LongValue l ->
              ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(l.value()).array();
          case DoubleValue d ->
              ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(d.value()).array();
          case BytesValue b -> b.value();
          case ArrayValue a -> a.asText().getBytes(StandardCharsets.UTF_8);
          case KeyValueList m -> m.asText().getBytes(StandardCharsets.UTF_8);
        };
    if (input.length == 0) {
      return "";
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The value as text the way the collector prints it: doubles in plain decimal ("2", "0.5"), others asText. */
  public static String text(AttributeValue value) {
    return value instanceof DoubleValue d ? plainDecimal(d.value()) : value.asText();
  }

  static String plainDecimal(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  /**
   * The collector's convert: returns the converted value, or the value unchanged when it cannot be converted
   * (e.g. "abc" to int), as the collector leaves it as-is.
   */
  public static AttributeValue convert(AttributeValue v, ConvertedType to) {
    return switch (to) {
      case STRING -> v instanceof StringValue ? v : new StringValue(text(v));
      case INT ->
          switch (v) {
            case DoubleValue d -> new LongValue((long) d.value());
            case BoolValue b -> new LongValue(b.value() ? 1 : 0);
            case StringValue s -> parseLong(s.value(), v);
            default -> v;
          };
      case DOUBLE ->
          switch (v) {
            case LongValue l -> new DoubleValue(l.value());
            case BoolValue b -> new DoubleValue(b.value() ? 1 : 0);
            case StringValue s -> parseDouble(s.value(), v);
            default -> v;
          };
      case BOOL ->
          switch (v) {
            case LongValue l -> new BoolValue(l.value() != 0);
            case DoubleValue d -> Double.isNaN(d.value()) ? v : new BoolValue(d.value() != 0);
            case StringValue s ->
                switch (s.value()) {
                  case "1", "t", "T", "TRUE", "true", "True" -> new BoolValue(true);
                  case "0", "f", "F", "FALSE", "false", "False" -> new BoolValue(false);
                  default -> v;
                };
            default -> v;
          };
    };
  }

  private static AttributeValue parseLong(String s, AttributeValue unchanged) {
    if (!INTEGER.matcher(s).matches()) {
      return unchanged;
    }
    try {
      return new LongValue(Long.parseLong(s));
    } catch (NumberFormatException overflow) {
      return unchanged;
    }
  }

  /** Go's ParseFloat: decimal and exponent forms, inf/infinity/nan in any case; no whitespace. */
  private static AttributeValue parseDouble(String s, AttributeValue unchanged) {
    if (DECIMAL.matcher(s).matches()) {
      return new DoubleValue(Double.parseDouble(s));
    }
    String lower = s.toLowerCase(Locale.ROOT);
    boolean negative = lower.startsWith("-");
    String word = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
    return switch (word) {
      case "inf", "infinity" ->
          new DoubleValue(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      case "nan" -> new DoubleValue(Double.NaN);
      default -> unchanged;
    };
  }
}
