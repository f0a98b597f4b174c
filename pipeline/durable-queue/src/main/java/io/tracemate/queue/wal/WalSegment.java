package io.tracemate.queue.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A segment file: its first sequence number is in its name, so segments sort and truncate by name alone.
 */
record WalSegment(Path path, long firstSequence) {
  private static final String SUFFIX = ".wal";

  static WalSegment create(Path directory, long firstSequence) {
    return new WalSegment(
        directory.resolve(String.format("%020d%s", firstSequence, SUFFIX)), firstSequence);
  }

  /** Returns null for files that are not segments. */
  static WalSegment parse(Path path) {
    String name = path.getFileName().toString();
    if (!name.endsWith(SUFFIX)) {
      return null;
    }
    try {
      return new WalSegment(
          path, Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  long size() throws IOException {
    return java.nio.file.Files.size(path);
  }
}
