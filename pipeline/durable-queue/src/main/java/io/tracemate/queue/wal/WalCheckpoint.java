package io.tracemate.queue.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code checkpoint} file of a WAL directory: the highest sequence whose record the consumer has durably
 * applied (see {@link WriteAheadLog#truncateThrough}). Replay skips records at or below it, and new records are
 * numbered above it. Layout: {@code int magic | long sequence | int crc32c(magic, sequence)}, big-endian.
 *
 * <p>Replaced atomically (temporary file, fsync, rename, directory fsync), so a crash leaves the old or the new
 * checkpoint, never a mix. A missing or damaged file reads as 0: everything still in the WAL is replayed, which
 * the consumers tolerate (spans are de-duplicated at read time, logs filter by the store's own sequence). Not
 * thread-safe; {@link WriteAheadLog} serializes writes.
 */
final class WalCheckpoint {
  static final String NAME = "checkpoint";
  private static final String TEMPORARY = NAME + ".tmp";
  private static final int MAGIC = 0x574c4350; // "WLCP"
  private static final int BYTES = 16;
  private static final Logger log = LoggerFactory.getLogger(WalCheckpoint.class);

  private WalCheckpoint() {}

  /** The sequence in {@code directory}'s checkpoint, or 0 when there is none or it is damaged. */
  static long read(Path directory) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(directory.resolve(NAME));
    } catch (NoSuchFileException e) {
      return 0;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length != BYTES
        || buffer.getInt(0) != MAGIC
        || buffer.getInt(12) != checksum(buffer.getInt(0), buffer.getLong(4))
        || buffer.getLong(4) < 0) {
      log.warn("WAL checkpoint {} is damaged; the whole WAL is replayed", directory.resolve(NAME));
      return 0;
    }
    return buffer.getLong(4);
  }

  /** Makes {@code sequence} the checkpoint of {@code directory}, durably. */
  static void write(Path directory, long sequence) throws IOException {
    ByteBuffer buffer =
        ByteBuffer.allocate(BYTES)
            .putInt(MAGIC)
            .putLong(sequence)
            .putInt(checksum(MAGIC, sequence))
            .flip();
    Path temporary = directory.resolve(TEMPORARY);
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(
          temporary,
          directory.resolve(NAME),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, directory.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
    }
    WriteAheadLog.syncDirectory(directory);
  }

  private static int checksum(int magic, long sequence) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(12).putInt(magic).putLong(sequence).flip());
    return (int) crc.getValue();
  }
}
