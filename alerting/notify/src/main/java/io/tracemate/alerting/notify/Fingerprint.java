package io.tracemate.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;

/**
 * An alert's identity as Alertmanager computes it ({@code model.LabelSet.Fingerprint}): FNV-1a 64 over the label
 * names and values in name order, each followed by the byte {@code 0xff}, printed as 16 hex digits. The same
 * label set gets the same fingerprint here and in Alertmanager's UI and webhook bodies. Stateless.
 */
public final class Fingerprint {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;

  private Fingerprint() {}

  /** The fingerprint of {@code labels} (sorted by name, as Alertmanager sorts them). */
  public static long of(SortedMap<String, String> labels) {
    long hash = OFFSET;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      hash = add(hash, label.getKey());
      hash = addByte(hash, SEPARATOR);
      hash = add(hash, label.getValue());
      hash = addByte(hash, SEPARATOR);
    }
    return hash;
  }

  /** {@link #of} as Alertmanager prints it. */
  public static String hex(SortedMap<String, String> labels) {
    return String.format("%016x", of(labels));
  }

  private static long add(long hash, String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = addByte(hash, b & 0xff);
    }
    return hash;
  }

  private static long addByte(long hash, int b) {
    return (hash ^ b) * PRIME;
  }
}
