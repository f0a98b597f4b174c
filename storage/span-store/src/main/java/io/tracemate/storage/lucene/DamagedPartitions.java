package io.tracemate.storage.lucene;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store does with a partition that fails to open because its files are damaged (a checksum or a length
 * Lucene verifies at open does not match, a file the commit names is gone): it is never a reason not to start, since
 * a store that cannot open would keep the server in a crash loop. Lucene's {@link CheckIndex} finds the segments
 * that fail their checksums; their files and the commit are copied to {@code spans/corrupt/} (kept for inspection),
 * then the broken segments are removed and the partition opens with the rest. When even the commit cannot be read,
 * the partition is moved aside whole and the store opens without it. Both are logged at ERROR and counted
 * ({@code tracemate_storage_damaged_partitions}).
 */
final class DamagedPartitions {
  private static final Logger LOG = LoggerFactory.getLogger(DamagedPartitions.class);
  static final String CORRUPT_DIR = "corrupt";

  private DamagedPartitions() {}

  /** Whether opening failed because files are damaged, rather than for a reason a restart may fix. */
  static boolean isDamage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptIndexException
          || t instanceof EOFException
          || t instanceof NoSuchFileException
          || t instanceof FileNotFoundException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sets a damaged partition's copy aside and repairs it in place when Lucene can.
   *
   * @return true when the partition was repaired (open it again), false when it was moved aside whole
   */
  static boolean setAside(Path partition, Throwable damage) throws IOException {
    Path corrupt = partition.resolveSibling(CORRUPT_DIR);
    Files.createDirectories(corrupt);
    Path aside = corrupt.resolve(partition.getFileName() + "." + System.currentTimeMillis());
    CheckIndex.Status status;
    try (Directory directory = FSDirectory.open(partition);
        CheckIndex check = new CheckIndex(directory)) {
      status = check.checkIndex();
      if (status.clean) {
        // Nothing Lucene can point at: keep the evidence and start without the partition.
        status = null;
      } else if (!status.missingSegments && !status.toolOutOfDate) {
        copyBrokenSegments(partition, aside, status);
        check.exorciseIndex(status);
        LOG.error(
            "Span store partition {} was damaged ({}): {} broken segments with {} documents were removed, the rest"
                + " is kept; the broken segments' files and the commit are in {}",
            partition.getFileName(),
            damage.toString(),
            status.numBadSegments,
            status.totLoseDocCount,
            aside);
        return true;
      }
    } catch (IOException | RuntimeException unreadable) {
      status = null;
    }
    Files.move(partition, aside, StandardCopyOption.ATOMIC_MOVE);
    LOG.error(
        "Span store partition {} is damaged beyond repair ({}) and was moved to {}; the store opens without it",
        partition.getFileName(),
        damage.toString(),
        aside);
    return false;
  }

  /**
   * Copies the commit and the files of the segments CheckIndex found broken (a partition holds a day of spans:
   * copying all of it could take long and fill the disk).
   */
  private static void copyBrokenSegments(Path partition, Path to, CheckIndex.Status status)
      throws IOException {
    List<String> broken = new ArrayList<>();
    for (CheckIndex.Status.SegmentInfoStatus segment : status.segmentInfos) {
      if (segment.error != null) {
        broken.add(segment.name);
      }
    }
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(partition)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        boolean commit = name.startsWith("segments_");
        boolean ofBrokenSegment =
            broken.stream().anyMatch(s -> name.startsWith(s + ".") || name.startsWith(s + "_"));
        if (Files.isRegularFile(file) && (commit || ofBrokenSegment)) {
          Files.copy(file, to.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
