package io.tracemate.logs.store;

import io.tracemate.logs.LogStorageException;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * One time partition {@code [startNanos, endNanos)}: a directory with {@code chunks.dat} (compressed chunk
 * payloads, append-only) and {@code index.log} (stream and chunk records, append-only), plus in-memory streams
 * and label index. Appends come from the writer thread; chunk reads are positional and run concurrently.
 * Bytes past the lengths committed in the store's state file are cut off at open.
 */
final class Partition implements AutoCloseable {
  static final String CHUNKS = "chunks.dat";
  static final String INDEX = "index.log";
  private static final int STREAM_RECORD = 1;
  private static final int CHUNK_RECORD = 2;

  final long startNanos;
  final long endNanos;
  final int generation;
  final Path dir;
  private final FileChannel chunks;
  private final FileChannel index;

  /**
   * Queries read through their own channel: an interrupted reader closes the channel it was reading (a
   * FileChannel rule), which must never break the writer's channel; the read channel is simply reopened.
   */
  private volatile FileChannel reads;

  private volatile boolean closed;
  private long chunksLength;
  private long indexLength;
  private boolean dirty;
  private long nextChunkSequence;
  private final Map<StreamKey, PartitionStream> streams = new ConcurrentHashMap<>();
  private final List<PartitionStream> byLocalId = new ArrayList<>();
  private final LabelIndex labelIndex = new LabelIndex();
  private final ByteSink record = new ByteSink(8 << 10);

  private Partition(
      long startNanos,
      long endNanos,
      int generation,
      Path dir,
      FileChannel chunks,
      FileChannel index)
      throws IOException {
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.generation = generation;
    this.dir = dir;
    this.chunks = chunks;
    this.index = index;
    this.reads = FileChannel.open(dir.resolve(CHUNKS), StandardOpenOption.READ);
  }

  static String dirName(long startNanos) {
    return "p-" + startNanos;
  }

  /**
   * The directory of the partition's {@code generation}: 0 as written, then one more each time retention rewrites
   * it without a tenant's streams (the state file names the generation in use; any other is a crash's leftover).
   */
  static String dirName(long startNanos, int generation) {
    return generation == 0 ? dirName(startNanos) : dirName(startNanos) + ".g" + generation;
  }

  /**
   * Opens (creating when missing) the partition, cuts the files to the committed lengths and loads the index.
   *
   * @param globalIds assigns the store-wide stream ID of a stream key
   */
  static Partition open(
      Path dir,
      long startNanos,
      long endNanos,
      long chunksCommitted,
      long indexCommitted,
      ToLongFunction<StreamKey> globalIds)
      throws IOException {
    return open(dir, startNanos, endNanos, 0, chunksCommitted, indexCommitted, globalIds);
  }

  /** {@link #open(Path, long, long, long, long, ToLongFunction)} of one generation of the partition. */
  static Partition open(
      Path dir,
      long startNanos,
      long endNanos,
      int generation,
      long chunksCommitted,
      long indexCommitted,
      ToLongFunction<StreamKey> globalIds)
      throws IOException {
    Files.createDirectories(dir);
    FileChannel chunks =
        FileChannel.open(
            dir.resolve(CHUNKS),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    FileChannel index =
        FileChannel.open(
            dir.resolve(INDEX),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    Partition partition;
    try {
      partition = new Partition(startNanos, endNanos, generation, dir, chunks, index);
    } catch (IOException e) {
      chunks.close();
      index.close();
      throw e;
    }
    try {
      if (chunks.size() < chunksCommitted || index.size() < indexCommitted) {
        throw new CorruptDataException(
            "partition "
                + dir
                + " is shorter than committed (chunks "
                + chunks.size()
                + " < "
                + chunksCommitted
                + " or index "
                + index.size()
                + " < "
                + indexCommitted
                + ")");
      }
      chunks.truncate(chunksCommitted);
      index.truncate(indexCommitted);
      partition.chunksLength = chunksCommitted;
      partition.indexLength = indexCommitted;
      partition.load(globalIds);
    } catch (IOException | RuntimeException e) {
      partition.close();
      throw e;
    }
    return partition;
  }

  private void load(ToLongFunction<StreamKey> globalIds) throws IOException {
    byte[] bytes = new byte[(int) indexLength];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining() && index.read(buffer, buffer.position()) >= 0) {
      // positional reads until the committed length is in
    }
    ByteSource in = new ByteSource(bytes, 0, bytes.length);
    while (in.hasRemaining()) {
      int type = in.readByte();
      switch (type) {
        case STREAM_RECORD -> {
          int localId = in.readVarInt();
          String tenant = in.readString();
          int size = in.readVarInt();
          List<Label> labels = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            labels.add(new Label(in.readString(), in.readString()));
          }
          StreamKey key = new StreamKey(tenant, new LabelSet(labels));
          if (localId != byLocalId.size()) {
            throw new CorruptDataException(
                dir.resolve(INDEX) + ": stream " + localId + " out of order");
          }
          register(new PartitionStream(localId, globalIds.applyAsLong(key), key));
        }
        case CHUNK_RECORD -> {
          ChunkMeta chunk = ChunkMeta.readFrom(in);
          if (chunk.streamId() >= byLocalId.size()) {
            throw new CorruptDataException(
                dir.resolve(INDEX) + ": chunk of unknown stream " + chunk.streamId());
          }
          byLocalId.get(chunk.streamId()).addChunk(chunk);
          nextChunkSequence = Math.max(nextChunkSequence, chunk.sequence() + 1);
        }
        default ->
            throw new CorruptDataException(
                dir.resolve(INDEX)
                    + ": unknown record type "
                    + type
                    + " at "
                    + (in.position() - 1));
      }
    }
  }

  private void register(PartitionStream stream) {
    byLocalId.add(stream);
    streams.put(stream.key, stream);
    labelIndex.add(stream);
  }

  PartitionStream stream(StreamKey key) {
    return streams.get(key);
  }

  /** The stream, unless retention hid its tenant here. */
  PartitionStream streamForRead(StreamKey key) {
    return labelIndex.isHidden(key.tenant()) ? null : streams.get(key);
  }

  /**
   * Writer thread: appends a chunk copied byte for byte from another generation of this partition, as {@code
   * target}'s; its sequence (the order of chunks with equal timestamps) is kept.
   */
  ChunkMeta appendCopy(PartitionStream target, ChunkMeta chunk, byte[] bytes) {
    ChunkMeta meta =
        new ChunkMeta(
            target.localId,
            chunk.sequence(),
            chunk.minTs(),
            chunk.maxTs(),
            chunk.entries(),
            chunk.lineBytes(),
            chunk.payloadBytes(),
            chunksLength,
            chunk.length(),
            chunk.traceKeys());
    nextChunkSequence = Math.max(nextChunkSequence, chunk.sequence() + 1);
    writeFully(chunks, ByteBuffer.wrap(bytes, 0, chunk.length()), chunksLength);
    chunksLength += chunk.length();
    record.reset();
    record.writeByte(CHUNK_RECORD);
    meta.writeTo(record);
    appendIndex(record);
    target.addChunk(meta);
    return meta;
  }

  /** Writer thread: the stream's entry in this partition, created (and recorded in the index) when new. */
  PartitionStream streamForWrite(StreamKey key, long globalId) {
    PartitionStream stream = streams.get(key);
    if (stream == null) {
      stream = new PartitionStream(byLocalId.size(), globalId, key);
      record.reset();
      record.writeByte(STREAM_RECORD);
      record.writeVarLong(stream.localId);
      record.writeString(key.tenant());
      record.writeVarLong(key.labels().size());
      for (Label label : key.labels().labels()) {
        record.writeString(label.name());
        record.writeString(label.value());
      }
      appendIndex(record);
      register(stream);
    }
    return stream;
  }

  /** Writer thread: appends an encoded chunk and its index record; durable after {@link #sync}. */
  ChunkMeta appendChunk(
      PartitionStream stream, ChunkCodec.Encoded encoded, long minTs, long maxTs, int entries) {
    ChunkMeta meta =
        new ChunkMeta(
            stream.localId,
            nextChunkSequence++,
            minTs,
            maxTs,
            entries,
            encoded.lineBytes(),
            encoded.payloadBytes(),
            chunksLength,
            encoded.length(),
            encoded.traceKeys());
    writeFully(chunks, ByteBuffer.wrap(encoded.bytes(), 0, encoded.length()), chunksLength);
    chunksLength += encoded.length();
    record.reset();
    record.writeByte(CHUNK_RECORD);
    meta.writeTo(record);
    appendIndex(record);
    return meta;
  }

  private void appendIndex(ByteSink bytes) {
    writeFully(index, ByteBuffer.wrap(bytes.array(), 0, bytes.size()), indexLength);
    indexLength += bytes.size();
  }

  private void writeFully(FileChannel channel, ByteBuffer buffer, long position) {
    dirty = true;
    try {
      long at = position;
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
    } catch (IOException e) {
      throw new LogStorageException("cannot write to " + dir + ": " + e.getMessage(), true, e);
    }
  }

  /** Writer thread: makes the appended chunks and records durable. */
  void sync() throws IOException {
    if (dirty) {
      chunks.force(false);
      index.force(false);
      dirty = false;
    }
  }

  long chunksLength() {
    return chunksLength;
  }

  long indexLength() {
    return indexLength;
  }

  /** Reads a chunk's compressed bytes; {@code buffer} is reused when large enough. */
  byte[] readChunk(ChunkMeta meta, byte[] buffer) {
    byte[] bytes =
        buffer != null && buffer.length >= meta.length() ? buffer : new byte[meta.length()];
    for (int attempt = 0; ; attempt++) {
      FileChannel channel = reads;
      try {
        readFully(channel, ByteBuffer.wrap(bytes, 0, meta.length()), meta.offset());
        return bytes;
      } catch (ClosedByInterruptException e) {
        reopenReads(channel);
        throw new LogStorageException(
            "query interrupted while reading " + dir.resolve(CHUNKS), true, e);
      } catch (ClosedChannelException e) {
        if (closed) {
          throw new LogStorageException(
              "partition "
                  + dir.getFileName()
                  + " was dropped by retention or closed "
                  + "during the query",
              false,
              e);
        }
        // Another reader was interrupted and closed the shared channel under us: reopen and try
        // again.
        reopenReads(channel);
        if (attempt >= 3) {
          throw new LogStorageException(
              "cannot read " + dir.resolve(CHUNKS) + ": channel keeps closing", true, e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dir.resolve(CHUNKS), e);
      }
    }
  }

  private void readFully(FileChannel channel, ByteBuffer target, long offset) throws IOException {
    long at = offset;
    while (target.hasRemaining()) {
      int read = channel.read(target, at);
      if (read < 0) {
        throw new CorruptDataException(dir.resolve(CHUNKS) + " ends before chunk at " + offset);
      }
      at += read;
    }
  }

  private synchronized void reopenReads(FileChannel broken) {
    if (reads == broken && !closed) {
      try {
        reads = FileChannel.open(dir.resolve(CHUNKS), StandardOpenOption.READ);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot reopen " + dir.resolve(CHUNKS), e);
      }
    }
  }

  LabelIndex labelIndex() {
    return labelIndex;
  }

  Iterable<PartitionStream> streams() {
    return streams.values();
  }

  boolean overlaps(long start, long end) {
    return endNanos > start && startNanos < end;
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      reads.close();
      chunks.close();
      index.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + dir, e);
    }
  }
}
