package io.tracemate.queue.wal;

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

  /** Skipped records are checksummed through this much buffer at a time instead of a buffer per record. */
  private static final int SKIP_BUFFER_BYTES = 64 << 10;

  private WalReader() {}

  /**
   * What a read found.
   *
   * @param goodBytes the byte offset just past the last good record (where appends may continue)
   * @param lastSequence the sequence of the last good record, or -1 when there is none
   * @param delivered records handed to the consumer
   * @param skipped good records at or below the skip sequence, checked but not handed over
   */
  record Result(long goodBytes, long lastSequence, long delivered, long skipped) {}

  /**
   * @param skipThrough records with a sequence up to this are checksummed (to find the end of the good records)
   *     but neither copied into a payload nor handed to {@code consumer}
   */
  static Result read(
      WalSegment segment, int maxRecordBytes, long skipThrough, Consumer<WalRecord> consumer)
      throws IOException {
    try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
      long size = channel.size();
      long position = 0;
      long lastSequence = -1;
      long delivered = 0;
      long skipped = 0;
      ByteBuffer header = ByteBuffer.allocate(WalFormat.HEADER_BYTES);
      ByteBuffer skipBuffer = null;
      CRC32C crc = new CRC32C();
      while (position + WalFormat.HEADER_BYTES <= size) {
        header.clear();
        readFully(channel, header, position);
        header.flip();
        int length = header.getInt();
        int storedCrc = header.getInt();
        long sequence = header.getLong();
        if (length < 0
            || length > maxRecordBytes
            || position + WalFormat.HEADER_BYTES + length > size) {
          warnTail(segment, position, size, "incomplete record");
          return new Result(position, lastSequence, delivered, skipped);
        }
        crc.reset();
        byte[] payload = null;
        if (sequence <= skipThrough) {
          if (skipBuffer == null) {
            skipBuffer = ByteBuffer.allocate(SKIP_BUFFER_BYTES);
          }
          checksumWithoutCopy(
              channel, position + WalFormat.HEADER_BYTES, length, sequence, crc, skipBuffer);
        } else {
          ByteBuffer bytes = ByteBuffer.allocate(length);
          readFully(channel, bytes, position + WalFormat.HEADER_BYTES);
          payload = bytes.array();
          WalFormat.checksum(crc, sequence, payload);
        }
        if ((int) crc.getValue() != storedCrc) {
          warnTail(segment, position, size, "checksum mismatch");
          return new Result(position, lastSequence, delivered, skipped);
        }
        if (payload == null) {
          skipped++;
        } else {
          consumer.accept(new WalRecord(sequence, payload));
          delivered++;
        }
        lastSequence = sequence;
        position += WalFormat.HEADER_BYTES + length;
      }
      if (position != size) {
        warnTail(segment, position, size, "incomplete header");
      }
      return new Result(position, lastSequence, delivered, skipped);
    }
  }

  private static void checksumWithoutCopy(
      FileChannel channel, long offset, int length, long sequence, CRC32C crc, ByteBuffer buffer)
      throws IOException {
    WalFormat.checksumSequence(crc, sequence);
    long at = offset;
    long end = offset + length;
    while (at < end) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
      readFully(channel, buffer, at);
      buffer.flip();
      at += buffer.remaining();
      crc.update(buffer);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new IOException("unexpected end of WAL segment");
      }
    }
  }

  private static void warnTail(WalSegment segment, long position, long size, String why) {
    log.warn(
        "WAL segment {}: {} at byte {} of {}; the {} bytes after it were never acknowledged and are dropped",
        segment.path().getFileName(),
        why,
        position,
        size,
        size - position);
  }
}
