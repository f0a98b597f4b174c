package io.tracemate.queue.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which Kafka offsets a store that keeps sequences (the log store) holds, so that an ingester restarted after a
 * crash between the store's flush and the offset commit does not write those records again.
 *
 * <p>The store persists with its data the highest sequence it made durable (one number); the ingester numbers the
 * records it writes, and before each flush writes here the sequence the flush will cover with the next offset of
 * every partition at that point. After a restart the entry whose sequence is the store's says exactly where each
 * partition's records stop being in the store. An entry is written before its flush and the previous one kept until
 * the flush returned: a crash during the flush finds the store at one of the two. Exact as long as the ingester is
 * the only one flushing that store.
 *
 * <p>A small text file, rewritten whole and atomically (temporary file, fsync, rename). Not thread-safe: the
 * ingester's thread owns it.
 */
final class OffsetLedger {
  /** The store holds every record numbered up to {@code sequence}: partition → the next offset to read. */
  record Entry(long sequence, Map<Integer, Long> nextOffsets) {
    Entry {
      nextOffsets = Map.copyOf(nextOffsets);
    }
  }

  private final Path file;

  OffsetLedger(Path file) {
    this.file = file;
  }

  /** The entries, oldest first; none when the file does not exist. */
  List<Entry> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<Entry> entries = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.trim().split(" ");
        Map<Integer, Long> next = new TreeMap<>();
        for (int i = 1; i < fields.length; i++) {
          int eq = fields[i].indexOf('=');
          next.put(
              Integer.parseInt(fields[i].substring(0, eq)),
              Long.parseLong(fields[i].substring(eq + 1)));
        }
        entries.add(new Entry(Long.parseLong(fields[0]), next));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          file
              + " is damaged ("
              + e.getMessage()
              + "); delete it to replay from the committed offsets",
          e);
    }
  }

  /** The entry of the store's {@code persistedSequence}: the newest at or below it; null if none. */
  static Entry durableAt(List<Entry> entries, long persistedSequence) {
    Entry found = null;
    for (Entry entry : entries) {
      if (entry.sequence() <= persistedSequence
          && (found == null || entry.sequence() >= found.sequence())) {
        found = entry;
      }
    }
    return found;
  }

  void write(List<Entry> entries) {
    StringBuilder text = new StringBuilder();
    for (Entry entry : entries) {
      text.append(entry.sequence());
      new TreeMap<>(entry.nextOffsets())
          .forEach(
              (partition, next) -> text.append(' ').append(partition).append('=').append(next));
      text.append('\n');
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        channel.write(
            java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
