package io.tracemate.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads a file's lines from the last to the first, a chunk at a time, so that the newest records of a large file
 * cost as much as they are long. Lines longer than {@link #MAX_LINE_BYTES} are refused (a record is a few KiB; a
 * longer line is damage, and must not make a reader hold the whole file).
 *
 * <p>Not thread-safe; one reader per use.
 */
final class ReverseLineReader {
  static final int CHUNK_BYTES = 64 * 1024;
  static final int MAX_LINE_BYTES = 1 << 20;

  /** One line, without its newline, and where it starts in the file. */
  record Line(long offset, String text) {}

  private final FileChannel channel;
  private byte[] data =
      new byte[0]; // the file's bytes [dataStart, dataStart + end) not returned yet
  private long dataStart;
  private int end;
  private boolean done;

  /**
   * Lines of the file before {@code endOfLines}, which is 0 or just after a newline ({@link #endOfLastLine}); what
   * follows it (a record being written) is not read.
   */
  ReverseLineReader(FileChannel channel, long endOfLines) {
    this.channel = channel;
    this.dataStart = Math.max(0, endOfLines - 1); // the last newline ends the last line
    this.done = endOfLines == 0;
  }

  /** The line before the last one returned, or null at the start of the file. */
  Line previous() throws IOException {
    if (done) {
      return null;
    }
    while (true) {
      for (int i = end - 1; i >= 0; i--) {
        if (data[i] == '\n') {
          Line line = new Line(dataStart + i + 1, text(i + 1, end));
          end = i;
          return line;
        }
      }
      if (dataStart == 0) {
        done = true;
        return new Line(0, text(0, end));
      }
      if (end > MAX_LINE_BYTES) {
        throw new IOException(
            "a line ending at offset "
                + (dataStart + end)
                + " is longer than "
                + MAX_LINE_BYTES
                + " bytes");
      }
      int more = (int) Math.min(CHUNK_BYTES, dataStart);
      byte[] grown = new byte[more + end];
      ByteBuffer into = ByteBuffer.wrap(grown, 0, more);
      long from = dataStart - more;
      while (into.hasRemaining()) {
        if (channel.read(into, from + into.position()) < 0) {
          throw new IOException("file shrank while it was read");
        }
      }
      System.arraycopy(data, 0, grown, more, end);
      data = grown;
      dataStart = from;
      end += more;
    }
  }

  private String text(int from, int to) {
    return new String(data, from, to - from, StandardCharsets.UTF_8);
  }

  /** The offset just after the file's last newline within its first {@code size} bytes (0 when it has none). */
  static long endOfLastLine(FileChannel channel, long size) throws IOException {
    long position = size;
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
    while (position > 0) {
      int length = (int) Math.min(CHUNK_BYTES, position);
      long from = position - length;
      chunk.clear().limit(length);
      while (chunk.hasRemaining()) {
        if (channel.read(chunk, from + chunk.position()) < 0) {
          throw new IOException("file shrank while it was read");
        }
      }
      for (int i = length - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return from + i + 1;
        }
      }
      position = from;
    }
    return 0;
  }
}
