package io.tracemate.storage.opensearch.logs;

import io.tracemate.logs.LogStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The highest WAL sequence this process's writer made durable in OpenSearch, kept beside the write-ahead log (or
 * the Kafka ingester's offset ledger) it refers to: a cluster is shared by many ingesters, each numbering its own
 * records, so the number belongs to the local data directory, not to the cluster. Replaced atomically (temporary
 * file, fsync, rename, directory fsync), and only after the entries it covers were acknowledged: a crash between the
 * two replays records that OpenSearch already holds, which their document IDs make harmless.
 *
 * <p>Not thread-safe: the writer's one thread uses it.
 */
final class SequenceFile {
  private final Path file;
  private final Path temporary;

  SequenceFile(Path directory) {
    this.file = directory.resolve("sequence");
    this.temporary = directory.resolve("sequence.tmp");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new LogStorageException("cannot create " + directory + ": " + e.getMessage(), false, e);
    }
  }

  /** What was last written; 0 when nothing was. */
  long read() {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return Long.parseLong(text);
    } catch (IOException | NumberFormatException e) {
      throw new LogStorageException(
          "cannot read the persisted log sequence from " + file + ": " + e.getMessage(), false, e);
    }
  }

  void write(long sequence) {
    byte[] bytes = (sequence + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      try (FileChannel out =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(ByteBuffer.wrap(bytes));
        out.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new LogStorageException(
          "cannot persist the log sequence in " + file + ": " + e.getMessage(), true, e);
    }
  }
}
