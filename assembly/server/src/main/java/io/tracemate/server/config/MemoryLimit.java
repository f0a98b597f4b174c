package io.tracemate.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tracemate.common.units.ByteSizes;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory as operators write it: a size ({@code 128MiB}, see {@link ByteSize}) or a share of the
 * JVM's maximum heap ({@code 5%}), which follows {@code -Xmx} when the heap is resized.
 *
 * @param bytes the size, when given as one (else 0)
 * @param percentOfHeap the share of the maximum heap in percent, when given as one (else 0)
 */
@JsonDeserialize(using = MemoryLimit.Deserializer.class)
public record MemoryLimit(long bytes, double percentOfHeap) {
  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

  public MemoryLimit {
    if ((bytes > 0) == (percentOfHeap > 0)
        || bytes < 0
        || percentOfHeap < 0
        || percentOfHeap > 100) {
      throw new IllegalArgumentException(
          "a memory limit is either a positive size or a share of the heap"
              + " between 0 and 100 %, got "
              + bytes
              + " bytes and "
              + percentOfHeap
              + " %");
    }
  }

  public static MemoryLimit ofBytes(long bytes) {
    return new MemoryLimit(bytes, 0);
  }

  public static MemoryLimit ofHeapPercent(double percent) {
    return new MemoryLimit(0, percent);
  }

  /** @throws IllegalArgumentException saying which forms are accepted */
  public static MemoryLimit parse(String text) {
    Matcher percent = PERCENT.matcher(text.trim());
    if (percent.matches()) {
      double share = Double.parseDouble(percent.group(1));
      if (share <= 0 || share > 100) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a share of the heap between 0 and 100 %");
      }
      return ofHeapPercent(share);
    }
    try {
      long bytes = ByteSizes.parseBinary(text);
      if (bytes < 1) {
        throw new IllegalArgumentException("'" + text + "' is not a positive size");
      }
      return ofBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is neither a size (128MiB, 1GiB) nor a share of the"
              + " maximum heap (5%)",
          e);
    }
  }

  /** The limit in bytes on a JVM whose maximum heap is {@code maxHeapBytes}; at least 1. */
  public long resolve(long maxHeapBytes) {
    return bytes > 0 ? bytes : Math.max(1, (long) (maxHeapBytes * percentOfHeap / 100));
  }

  /** As messages show it: {@code 134217728 bytes} or {@code 5% of the maximum heap}. */
  @Override
  public String toString() {
    return bytes > 0
        ? bytes + " bytes"
        : BigDecimal.valueOf(percentOfHeap).stripTrailingZeros().toPlainString()
            + "% of the maximum heap";
  }

  /** Reads either form from YAML. */
  public static final class Deserializer extends JsonDeserializer<MemoryLimit> {
    @Override
    public MemoryLimit deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      try {
        return parse(p.getValueAsString());
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }
}
