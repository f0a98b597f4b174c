package io.tracemate.queue.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Makes a segment that {@link WalReader} found damaged or torn hold only its valid records again, keeping what it
 * removes: every byte range that held no valid record is first copied to {@code corrupt/} in the WAL directory
 * (named after the segment and the range, fsynced), for an operator to inspect or send us. A torn tail alone is cut
 * off in place; damage in the middle is removed by writing the valid records to a new file that replaces the
 * segment by an atomic rename, so a crash during the repair leaves the damaged segment, and the next start repeats
 * it.
 */
final class WalRepair {
  static final String CORRUPT_DIRECTORY = "corrupt";

  private WalRepair() {}

  /**
   * @param goodEnd where the valid records end (bytes after it are a torn tail or unrecoverable damage)
   * @return the bytes set aside
   */
  static long repair(WalSegment segment, List<WalReader.Damage> damaged, long goodEnd)
      throws IOException {
    long size = segment.size();
    if (damaged.isEmpty() && goodEnd >= size) {
      return 0;
    }
    Path corrupt = segment.path().resolveSibling(CORRUPT_DIRECTORY);
    Files.createDirectories(corrupt);
    long setAside = 0;
    try (FileChannel source = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
      for (WalReader.Damage damage : damaged) {
        setAside += copyAside(source, segment, corrupt, damage.from(), damage.to());
      }
      if (goodEnd < size) {
        setAside += copyAside(source, segment, corrupt, goodEnd, size);
      }
      if (!damaged.isEmpty()) {
        Path repaired = segment.path().resolveSibling(segment.path().getFileName() + ".repair");
        try (FileChannel target =
            FileChannel.open(
                repaired,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
          long from = 0;
          for (WalReader.Damage damage : damaged) {
            transfer(source, target, from, damage.from());
            from = damage.to();
          }
          transfer(source, target, from, goodEnd);
          target.force(true);
        }
        Files.move(
            repaired,
            segment.path(),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        WriteAheadLog.syncDirectory(segment.path().getParent());
        return setAside;
      }
    }
    try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
      channel.truncate(goodEnd);
      channel.force(true);
    }
    return setAside;
  }

  private static long copyAside(
      FileChannel source, WalSegment segment, Path corrupt, long from, long to) throws IOException {
    Path aside = corrupt.resolve(segment.path().getFileName() + "." + from + "-" + to + ".bad");
    try (FileChannel target =
        FileChannel.open(
            aside,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      transfer(source, target, from, to);
      target.force(true);
    }
    WriteAheadLog.syncDirectory(corrupt);
    return to - from;
  }

  private static void transfer(FileChannel source, FileChannel target, long from, long to)
      throws IOException {
    long at = from;
    while (at < to) {
      long n = source.transferTo(at, to - at, target);
      if (n <= 0) {
        throw new IOException("could not copy bytes " + at + ".." + to + " of a WAL segment");
      }
      at += n;
    }
  }
}
