package io.tracemate.audit;

import io.tracemate.audit.AuditFiles.AuditFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of the oldest audit files retention may remove: a run of files from the first, never the one being
 * written, each of whose records is older than the cut-off. A file's newest record is older than the first record
 * of the file after it, so that first record decides, and its {@code prevHash} is the hash the removal note keeps.
 * Stateless.
 */
final class AuditRetention {
  private AuditRetention() {}

  /** The note for the files to remove, or empty when none is wholly older than {@code cutoff}. */
  static Optional<RetentionNote> plan(Path directory, Path currentFile, Instant cutoff)
      throws IOException {
    List<AuditFile> files = AuditFiles.list(directory);
    List<String> names = new ArrayList<>();
    long throughSeq = 0;
    String lastHash = null;
    for (int i = 0; i + 1 < files.size(); i++) {
      AuditFile file = files.get(i);
      if (file.path().equals(currentFile)) {
        break;
      }
      AuditRecord firstOfNext = firstRecord(files.get(i + 1).path());
      if (firstOfNext == null || !firstOfNext.instant().isBefore(cutoff)) {
        break;
      }
      names.add(file.name());
      throughSeq = firstOfNext.seq() - 1;
      lastHash = firstOfNext.prevHash();
    }
    if (names.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RetentionNote(files.get(0).firstSeq(), throughSeq, lastHash, names));
  }

  /** A file's first record, or null when it has none (or its first line is no record: the verifier says so). */
  static AuditRecord firstRecord(Path file) throws IOException {
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = lines.readLine();
      return first == null ? null : AuditCodec.parse(first);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
