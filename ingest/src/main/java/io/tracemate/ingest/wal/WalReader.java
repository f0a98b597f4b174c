package io.tracemate.ingest.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one segment's records in order and stops at the first record that is incomplete or fails its
 * checksum: after a crash, that is the torn tail of the last write, which was never acknowledged.
 */
final class WalReader {
  private static final Logger log = LoggerFactory.getLogger(WalReader.class);

  private WalReader() {}

  /**
   * @return the byte offset just past the last good record (where appends may continue)
   */
  static long read(WalSegment segment, int maxRecordBytes, Consumer<WalRecord> consumer) throws IOException {
    try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
      long size = channel.size();
      long position = 0;
      ByteBuffer header = ByteBuffer.allocate(WalFormat.HEADER_BYTES);
      CRC32C crc = new CRC32C();
      while (position + WalFormat.HEADER_BYTES <= size) {
        header.clear();
        readFully(channel, header, position);
        header.flip();
        int length = header.getInt();
        int storedCrc = header.getInt();
        long sequence = header.getLong();
        if (length < 0 || length > maxRecordBytes || position + WalFormat.HEADER_BYTES + length > size) {
          warnTail(segment, position, size, "incomplete record");
          return position;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, position + WalFormat.HEADER_BYTES);
        crc.reset();
        WalFormat.checksum(crc, sequence, payload.array());
        if ((int) crc.getValue() != storedCrc) {
          warnTail(segment, position, size, "checksum mismatch");
          return position;
        }
        consumer.accept(new WalRecord(sequence, payload.array()));
        position += WalFormat.HEADER_BYTES + length;
      }
      if (position != size) {
        warnTail(segment, position, size, "incomplete header");
      }
      return position;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new IOException("unexpected end of WAL segment");
      }
    }
  }

  private static void warnTail(WalSegment segment, long position, long size, String why) {
    log.warn("WAL segment {}: {} at byte {} of {}; the {} bytes after it were never acknowledged and are dropped",
        segment.path().getFileName(), why, position, size, size - position);
  }
}
