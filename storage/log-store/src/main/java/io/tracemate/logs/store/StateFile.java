package io.tracemate.logs.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The store's commit point, {@code state}: the persisted WAL sequence together with the committed length of
 * every file, written to a temporary file, fsynced and renamed over the old one. Whatever lies past these
 * lengths (appended after the last flush, or torn by a crash) is cut off at open, so the persisted sequence
 * describes the data exactly.
 *
 * @param partitionNanos the partition duration the directory was created with
 * @param retentionCutoffNanos the latest retention cutoff applied
 * @param journalGeneration the head journal file in use ({@code heads-<generation>.journal})
 * @param tenantCutoffs the last retention run's cutoff of each tenant (version 2; none in version 1)
 */
record StateFile(
    long persistedSequence,
    long partitionNanos,
    long retentionCutoffNanos,
    long journalGeneration,
    long journalLength,
    List<PartitionState> partitions,
    TenantCutoffs tenantCutoffs) {

  static final String NAME = "state";
  private static final int MAGIC = 0x544D4C53; // "TMLS"
  private static final int VERSION = 2;

  /**
   * @param generation how many times retention rewrote the partition; names its directory (see
   *     {@link Partition#dirName(long, int)}), so a rewrite is committed by the state naming the new one
   */
  record PartitionState(long startNanos, int generation, long chunksLength, long indexLength) {}

  static String journalName(long generation) {
    return "heads-" + generation + ".journal";
  }

  /** @return null when the directory has no state (a new store) */
  static StateFile read(Path dir) throws IOException {
    Path file = dir.resolve(NAME);
    if (!Files.exists(file)) {
      return null;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 12) {
      throw new CorruptDataException(file + " is truncated (" + bytes.length + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteSource trailer = new ByteSource(bytes, bytes.length - 4, 4);
    if ((int) crc.getValue() != trailer.readInt()) {
      throw new CorruptDataException(file + " fails its checksum");
    }
    ByteSource in = new ByteSource(bytes, 0, bytes.length - 4);
    if (in.readInt() != MAGIC) {
      throw new CorruptDataException(file + " is not a Tracemate log store state file");
    }
    int version = in.readInt();
    if (version != 1 && version != VERSION) {
      throw new CorruptDataException(
          file + " has format version " + version + ", this build reads " + VERSION);
    }
    long sequence = in.readVarLong();
    long partitionNanos = in.readVarLong();
    long cutoff = in.readLong();
    long generation = in.readVarLong();
    long journalLength = in.readVarLong();
    int count = in.readVarInt();
    List<PartitionState> partitions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long start = in.readLong();
      int partitionGeneration = version == 1 ? 0 : in.readVarInt();
      partitions.add(
          new PartitionState(start, partitionGeneration, in.readVarLong(), in.readVarLong()));
    }
    TenantCutoffs cutoffs = TenantCutoffs.NONE;
    if (version >= 2) {
      long defaultNanos = in.readLong();
      int tenants = in.readVarInt();
      Map<String, Long> byTenant = new HashMap<>();
      for (int i = 0; i < tenants; i++) {
        byTenant.put(in.readString(), in.readLong());
      }
      cutoffs = new TenantCutoffs(defaultNanos, byTenant);
    }
    return new StateFile(
        sequence, partitionNanos, cutoff, generation, journalLength, partitions, cutoffs);
  }

  void write(Path dir) throws IOException {
    ByteSink out =
        new ByteSink(256 + partitions.size() * 28 + tenantCutoffs.byTenant().size() * 170);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeVarLong(persistedSequence);
    out.writeVarLong(partitionNanos);
    out.writeLong(retentionCutoffNanos);
    out.writeVarLong(journalGeneration);
    out.writeVarLong(journalLength);
    out.writeVarLong(partitions.size());
    for (PartitionState partition : partitions) {
      out.writeLong(partition.startNanos());
      out.writeVarLong(partition.generation());
      out.writeVarLong(partition.chunksLength());
      out.writeVarLong(partition.indexLength());
    }
    out.writeLong(tenantCutoffs.defaultNanos());
    out.writeVarLong(tenantCutoffs.byTenant().size());
    for (Map.Entry<String, Long> entry : tenantCutoffs.byTenant().entrySet()) {
      out.writeString(entry.getKey());
      out.writeLong(entry.getValue());
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.size());
    out.writeInt((int) crc.getValue());
    Path temp = dir.resolve(NAME + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      var buffer = java.nio.ByteBuffer.wrap(out.array(), 0, out.size());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(
          temp,
          dir.resolve(NAME),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system of " + dir + " cannot rename atomically; the log store needs it", e);
    }
    syncDirectory(dir);
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for sync; the rename is still atomic there.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }
}
