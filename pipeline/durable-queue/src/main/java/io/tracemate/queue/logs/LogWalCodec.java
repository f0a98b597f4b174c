package io.tracemate.queue.logs;

import io.tracemate.component.LogBatch;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of one log WAL record: a {@link LogBatch} (a tenant and its streams), losslessly. Internal to the WAL
 * (never on the wire), so a compact length-prefixed layout beats a general format: version byte, tenant, then per
 * stream its labels and entries (timestamp, line, metadata). Strings are UTF-8 with an int length (lines may exceed
 * {@link DataOutputStream#writeUTF}'s 64 KB).
 */
final class LogWalCodec {
  private static final int VERSION = 1;

  private LogWalCodec() {}

  static byte[] encode(LogBatch batch) {
    String tenant = batch.tenant();
    List<LogStream> streams = batch.streams();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate(streams));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeString(out, tenant);
      out.writeInt(streams.size());
      for (LogStream stream : streams) {
        writeLabels(out, stream.labels());
        out.writeInt(stream.entries().size());
        for (LogEntry entry : stream.entries()) {
          out.writeLong(entry.timestampNanos());
          writeString(out, entry.line());
          writeLabels(out, entry.metadata());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException when the payload is not a record this codec wrote */
  static LogBatch decode(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown log WAL record version " + version);
      }
      String tenant = readString(in);
      int streamCount = in.readInt();
      List<LogStream> streams = new ArrayList<>(streamCount);
      for (int s = 0; s < streamCount; s++) {
        LabelSet labels = readLabels(in);
        int entryCount = in.readInt();
        List<LogEntry> entries = new ArrayList<>(entryCount);
        for (int e = 0; e < entryCount; e++) {
          long timestamp = in.readLong();
          int lineBytes = in.readInt();
          String line = readUtf8(in, lineBytes);
          entries.add(new LogEntry(timestamp, line, readLabels(in), lineBytes));
        }
        streams.add(new LogStream(labels, entries));
      }
      return new LogBatch(tenant, streams);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated log WAL record: " + e.getMessage(), e);
    }
  }

  private static int estimate(List<LogStream> streams) {
    long total = 64;
    for (LogStream stream : streams) {
      total += 64 + stream.entries().size() * 32L + stream.lineBytes();
    }
    return (int) Math.min(total, Integer.MAX_VALUE - 16);
  }

  private static void writeLabels(DataOutputStream out, LabelSet labels) throws IOException {
    out.writeInt(labels.size());
    for (Label label : labels.labels()) {
      writeString(out, label.name());
      writeString(out, label.value());
    }
  }

  private static LabelSet readLabels(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count == 0) {
      return LabelSet.EMPTY;
    }
    List<Label> labels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      labels.add(new Label(readString(in), readString(in)));
    }
    return new LabelSet(labels);
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    return readUtf8(in, in.readInt());
  }

  private static String readUtf8(DataInputStream in, int length) throws IOException {
    if (length < 0 || length > in.available()) {
      throw new IOException("string length " + length + " exceeds the record");
    }
    byte[] utf8 = in.readNBytes(length);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
