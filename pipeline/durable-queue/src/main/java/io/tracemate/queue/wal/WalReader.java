package io.tracemate.queue.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one segment's records in order. A record that is incomplete or fails its checksum is either the torn tail
 * of the last write before a crash (never acknowledged: nothing valid follows it) or damage on disk (a flipped bit,
 * a lost block): then the reader looks for the next valid record after it (its length fits, its sequence is above
 * the last good one and its checksum matches) and goes on from there, so one bad record never takes the
 * acknowledged records after it with it. What lies between is reported as {@link Damage} for the caller to set
 * aside.
 */
final class WalReader {
  private static final Logger log = LoggerFactory.getLogger(WalReader.class);

  /** Skipped records are checksummed through this much buffer at a time instead of a buffer per record. */
  private static final int SKIP_BUFFER_BYTES = 64 << 10;

  /** The search for the next valid record after damage reads the segment in windows of this size. */
  private static final int SCAN_WINDOW_BYTES = 1 << 20;

  private WalReader() {}

  /**
   * Bytes of a segment that hold no valid record, with good records after them.
   *
   * @param from offset of the first bad byte (where a record should have started)
   * @param to offset of the next valid record
   * @param why what was wrong with the record at {@code from}
   * @param lostRecords records known to be lost there (the gap between the sequences around it)
   */
  record Damage(long from, long to, String why, long lostRecords) {
    long bytes() {
      return to - from;
    }
  }

  /**
   * What a read found.
   *
   * @param goodBytes the byte offset just past the last good record (where appends may continue); bytes after it
   *     are a torn tail, or damage with no valid record after it
   * @param lastSequence the sequence of the last good record, or -1 when there is none
   * @param delivered records handed to the consumer
   * @param skipped good records at or below the skip sequence, checked but not handed over
   * @param damaged damaged regions followed by good records, in order
   * @param tailProblem why the bytes after {@code goodBytes} are not a record, or null when there are none
   */
  record Result(
      long goodBytes,
      long lastSequence,
      long delivered,
      long skipped,
      List<Damage> damaged,
      String tailProblem) {}

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
      List<Damage> damaged = new ArrayList<>();
      ByteBuffer header = ByteBuffer.allocate(WalFormat.HEADER_BYTES);
      ByteBuffer skipBuffer = ByteBuffer.allocate(SKIP_BUFFER_BYTES);
      CRC32C crc = new CRC32C();
      while (position < size) {
        String problem = null;
        if (position + WalFormat.HEADER_BYTES > size) {
          problem = "incomplete header";
        } else {
          header.clear();
          readFully(channel, header, position);
          header.flip();
          int length = header.getInt();
          int storedCrc = header.getInt();
          long sequence = header.getLong();
          if (length < 0
              || length > maxRecordBytes
              || position + WalFormat.HEADER_BYTES + length > size) {
            problem = "incomplete record";
          } else if (sequence <= lastSequence) {
            problem = "sequence " + sequence + " after " + lastSequence;
          } else {
            crc.reset();
            byte[] payload = null;
            if (sequence <= skipThrough) {
              checksumWithoutCopy(
                  channel, position + WalFormat.HEADER_BYTES, length, sequence, crc, skipBuffer);
            } else {
              ByteBuffer bytes = ByteBuffer.allocate(length);
              readFully(channel, bytes, position + WalFormat.HEADER_BYTES);
              payload = bytes.array();
              WalFormat.checksum(crc, sequence, payload);
            }
            if ((int) crc.getValue() != storedCrc) {
              problem = "checksum mismatch";
            } else {
              if (payload == null) {
                skipped++;
              } else {
                consumer.accept(new WalRecord(sequence, payload));
                delivered++;
              }
              lastSequence = sequence;
              position += WalFormat.HEADER_BYTES + length;
              continue;
            }
          }
        }
        long firstExpected = lastSequence >= 0 ? lastSequence + 1 : segment.firstSequence();
        Found next =
            findNextRecord(
                channel, position + 1, size, firstExpected, maxRecordBytes, crc, skipBuffer);
        if (next == null) {
          return new Result(position, lastSequence, delivered, skipped, damaged, problem);
        }
        Damage damage =
            new Damage(position, next.offset(), problem, next.sequence() - firstExpected);
        log.error(
            "WAL segment {}: {} at byte {}; {} damaged bytes up to byte {} (at least {} records from"
                + " sequence {}) cannot be read, the valid records after them are kept",
            segment.path().getFileName(),
            problem,
            position,
            damage.bytes(),
            next.offset(),
            damage.lostRecords(),
            firstExpected);
        damaged.add(damage);
        position = next.offset();
      }
      return new Result(position, lastSequence, delivered, skipped, damaged, null);
    }
  }

  private record Found(long offset, long sequence) {}

  /**
   * The first offset from {@code from} where a valid record starts: its length fits in the segment, its sequence is
   * at least {@code firstExpected} and no higher than the segment could hold after it, and its checksum matches.
   * The cheap tests rule out almost every offset, so the checksum is computed for a handful.
   */
  private static Found findNextRecord(
      FileChannel channel,
      long from,
      long size,
      long firstExpected,
      int maxRecordBytes,
      CRC32C crc,
      ByteBuffer checksumBuffer)
      throws IOException {
    long highestPossible = firstExpected + (size - from) / WalFormat.HEADER_BYTES;
    ByteBuffer window =
        ByteBuffer.allocate((int) Math.min(SCAN_WINDOW_BYTES, Math.max(0, size - from)));
    long windowStart = -1;
    for (long at = from; at + WalFormat.HEADER_BYTES <= size; at++) {
      if (windowStart < 0 || at + WalFormat.HEADER_BYTES > windowStart + window.limit()) {
        window.clear().limit((int) Math.min(window.capacity(), size - at));
        readFully(channel, window, at);
        window.flip();
        windowStart = at;
      }
      int offset = (int) (at - windowStart);
      int length = window.getInt(offset);
      long sequence = window.getLong(offset + 8);
      if (length < 0
          || length > maxRecordBytes
          || at + WalFormat.HEADER_BYTES + length > size
          || sequence < firstExpected
          || sequence > highestPossible) {
        continue;
      }
      crc.reset();
      checksumWithoutCopy(
          channel, at + WalFormat.HEADER_BYTES, length, sequence, crc, checksumBuffer);
      if ((int) crc.getValue() == window.getInt(offset + 4)) {
        return new Found(at, sequence);
      }
    }
    return null;
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
}
