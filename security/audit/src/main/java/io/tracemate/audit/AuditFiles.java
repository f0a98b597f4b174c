package io.tracemate.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of an audit log directory: {@code audit-<n>.jsonl}, where {@code n} is the sequence number of the
 * file's first record, so a reader can go to a record's file by its number and a verifier knows what each file
 * must begin with. Other files in the directory are ignored.
 */
final class AuditFiles {
  private static final Pattern NAME = Pattern.compile("audit-(\\d{1,18})\\.jsonl");

  private AuditFiles() {}

  /** One file and the sequence number its name says it starts with. */
  record AuditFile(Path path, long firstSeq) {
    String name() {
      return path.getFileName().toString();
    }
  }

  static Path pathFor(Path directory, long firstSeq) {
    return directory.resolve("audit-" + firstSeq + ".jsonl");
  }

  /** The files in sequence order (empty when the directory does not exist). */
  static List<AuditFile> list(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(
              path -> {
                Matcher name = NAME.matcher(path.getFileName().toString());
                return name.matches() ? new AuditFile(path, Long.parseLong(name.group(1))) : null;
              })
          .filter(file -> file != null)
          .sorted(Comparator.comparingLong(AuditFile::firstSeq))
          .toList();
    }
  }
}
