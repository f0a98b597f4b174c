package io.tracemate.queue.wal;

import java.util.zip.CRC32C;

/**
 * Record layout: {@code int length | int crc32c(sequence, payload) | long sequence | payload}, big-endian.
 * The checksum covers the sequence too, so a record copied to the wrong place cannot pass as valid.
 */
final class WalFormat {
  static final int HEADER_BYTES = 16;

  private WalFormat() {}

  static void checksum(CRC32C crc, long sequence, byte[] payload) {
    checksumSequence(crc, sequence);
    crc.update(payload, 0, payload.length);
  }

  /** The first part of the checksum; the payload's bytes follow. */
  static void checksumSequence(CRC32C crc, long sequence) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      crc.update((int) (sequence >>> shift) & 0xFF);
    }
  }
}
