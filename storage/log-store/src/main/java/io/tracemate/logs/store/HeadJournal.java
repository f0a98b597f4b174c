package io.tracemate.logs.store;

import com.github.luben.zstd.Zstd;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes head blocks durable without cutting them into small chunks at every flush (small chunks compress
 * badly). Each flush appends one zstd frame with the head entries added since the previous flush and a "cut"
 * record for every head cut into a chunk since then (its entries are in the chunk now, so replay drops what
 * the journal held for it). When the file grows past a threshold, the store starts a new generation that holds
 * only the live heads. Writer thread only.
 *
 * <p>Frame: raw length (int), compressed length (int), zstd bytes. Records: {@code 1} entries (partition start,
 * tenant, labels, count, entries) and {@code 2} cut (partition start, tenant, labels).
 */
final class HeadJournal implements AutoCloseable {
  private static final int ENTRIES = 1;
  private static final int CUT = 2;
  private static final int LEVEL = 1;

  final long generation;
  private final Path file;
  private final FileChannel channel;
  private long length;

  /** Receives replayed records in order. */
  interface Visitor {
    void entries(long partitionStart, StreamKey stream, List<LogEntry> entries);

    void cut(long partitionStart, StreamKey stream);
  }

  HeadJournal(Path file, long generation, long committedLength) throws IOException {
    this.file = file;
    this.generation = generation;
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    if (channel.size() < committedLength) {
      channel.close();
      throw new CorruptDataException(
          file + " is shorter (" + channel.size() + ") than committed (" + committedLength + ")");
    }
    channel.truncate(committedLength);
    this.length = committedLength;
  }

  long length() {
    return length;
  }

  /**
   * Forgets the frames appended after {@code committedLength} (a commit whose state file was not written): the
   * next append writes over them, and an open cuts them off, so they are never replayed.
   */
  void rollBackTo(long committedLength) {
    length = committedLength;
  }

  /** Closes and deletes the file: a new generation whose commit failed. */
  void discard() throws IOException {
    channel.close();
    Files.deleteIfExists(file);
  }

  static void writeEntries(
      ByteSink out, long partitionStart, StreamKey stream, LogEntry[] entries, int from, int to) {
    out.writeByte(ENTRIES);
    writeStream(out, partitionStart, stream);
    out.writeVarLong(to - from);
    for (int i = from; i < to; i++) {
      LogEntry entry = entries[i];
      out.writeLong(entry.timestampNanos());
      out.writeString(entry.line());
      writeLabels(out, entry.metadata());
    }
  }

  static void writeCut(ByteSink out, long partitionStart, StreamKey stream) {
    out.writeByte(CUT);
    writeStream(out, partitionStart, stream);
  }

  private static void writeStream(ByteSink out, long partitionStart, StreamKey stream) {
    out.writeLong(partitionStart);
    out.writeString(stream.tenant());
    writeLabels(out, stream.labels());
  }

  private static void writeLabels(ByteSink out, LabelSet labels) {
    out.writeVarLong(labels.size());
    for (Label label : labels.labels()) {
      out.writeString(label.name());
      out.writeString(label.value());
    }
  }

  private static LabelSet readLabels(ByteSource in) {
    int size = in.readVarInt();
    if (size == 0) {
      return LabelSet.EMPTY;
    }
    List<Label> labels = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      labels.add(new Label(in.readString(), in.readString()));
    }
    return new LabelSet(labels);
  }

  /** Appends the records as one frame and fsyncs. */
  void append(ByteSink records) throws IOException {
    if (records.size() == 0) {
      return;
    }
    byte[] compressed = new byte[(int) Zstd.compressBound(records.size()) + 8];
    long size =
        Zstd.compressByteArray(
            compressed, 8, compressed.length - 8, records.array(), 0, records.size(), LEVEL);
    if (Zstd.isError(size)) {
      throw new IOException("zstd failed on the head journal: " + Zstd.getErrorName(size));
    }
    ByteBuffer frame = ByteBuffer.wrap(compressed, 0, 8 + (int) size);
    frame.putInt(0, records.size());
    frame.putInt(4, (int) size);
    long at = length;
    while (frame.hasRemaining()) {
      at += channel.write(frame, at);
    }
    channel.force(false);
    length = at;
  }

  /** Replays the committed frames. */
  void replay(Visitor visitor) throws IOException {
    long at = 0;
    ByteBuffer header = ByteBuffer.allocate(8);
    while (at < length) {
      header.clear();
      readFully(header, at);
      int rawLength = header.getInt(0);
      int compressedLength = header.getInt(4);
      if (rawLength < 0 || compressedLength < 0 || at + 8 + compressedLength > length) {
        throw new CorruptDataException(file + ": bad frame header at " + at);
      }
      ByteBuffer body = ByteBuffer.allocate(compressedLength);
      readFully(body, at + 8);
      byte[] raw = new byte[rawLength];
      long size = Zstd.decompressByteArray(raw, 0, rawLength, body.array(), 0, compressedLength);
      if (Zstd.isError(size) || size != rawLength) {
        throw new CorruptDataException(file + ": frame at " + at + " does not decompress");
      }
      replayFrame(new ByteSource(raw, 0, rawLength), visitor);
      at += 8 + compressedLength;
    }
  }

  private static void replayFrame(ByteSource in, Visitor visitor) {
    while (in.hasRemaining()) {
      int type = in.readByte();
      long partitionStart = in.readLong();
      StreamKey stream = new StreamKey(in.readString(), readLabels(in));
      switch (type) {
        case ENTRIES -> {
          int count = in.readVarInt();
          List<LogEntry> entries = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            long ts = in.readLong();
            String line = in.readString();
            entries.add(new LogEntry(ts, line, readLabels(in)));
          }
          visitor.entries(partitionStart, stream, entries);
        }
        case CUT -> visitor.cut(partitionStart, stream);
        default -> throw new CorruptDataException("head journal: unknown record type " + type);
      }
    }
  }

  private void readFully(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new CorruptDataException(file + " ends inside a frame at " + position);
      }
      at += read;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
