package io.tracemate.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A fuzzed input: the seed it was made from, the edits applied to it, and the bytes they produced. Its
 * {@link #toString()} is what jqwik reports for a falsified try: the seed's name, the edits and the start of the
 * bytes, escaped.
 */
public record Mutant(String seed, List<Mutation> mutations, byte[] bytes) {
  private static final int PREVIEW_BYTES = 400;

  public Mutant {
    mutations = List.copyOf(mutations);
  }

  /** The bytes as UTF-8 text (malformed sequences replaced), for parsers that take a string. */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    StringBuilder preview = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, PREVIEW_BYTES); i++) {
      int b = bytes[i] & 0xff;
      if (b >= 0x20 && b < 0x7f && b != '\\') {
        preview.append((char) b);
      } else {
        preview.append(String.format("\\x%02x", b));
      }
    }
    return "Mutant[seed="
        + seed
        + ", mutations="
        + mutations
        + ", "
        + bytes.length
        + " bytes: "
        + preview
        + (bytes.length > PREVIEW_BYTES ? "..." : "")
        + "]";
  }
}
