package io.tracemate.storage.lucene;

import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * The buffers one writing thread reuses for the documents of its spans: the stored record, and the bytes of every
 * tag term. A document's fields point into them, so they are valid until {@link #reset} starts the next document;
 * {@link Partition#add} hands Lucene one document at a time, and Lucene copies a document's terms and stored bytes
 * before it asks for the next. Twelve small arrays per span (a key's bytes, a value's, their term) became slices of
 * one block. Not thread-safe: one per writing thread.
 */
final class DocumentScratch {
  private static final int BLOCK_BYTES = 16 << 10;

  final ByteBuffersDataOutput record = new ByteBuffersDataOutput();
  private byte[] recordCopy = new byte[1024];
  private final ByteArrayDataOutput recordCopyOut = new ByteArrayDataOutput();
  private byte[] block = new byte[BLOCK_BYTES];
  private int used;

  /** Starts a document: what earlier documents' fields pointed at is reused. */
  void reset() {
    used = 0;
    record.reset();
  }

  /** The record written to {@link #record}, as bytes valid until the next {@link #reset}. */
  BytesRef recordBytes() {
    int size = Math.toIntExact(record.size());
    if (recordCopy.length < size) {
      recordCopy = new byte[ArrayUtil.oversize(size, 1)];
    }
    recordCopyOut.reset(recordCopy);
    try {
      record.copyTo(recordCopyOut);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("copying between arrays cannot fail", e);
    }
    return new BytesRef(recordCopy, 0, size);
  }

  /**
   * {@link IndexFields#tagTerm}'s bytes for a tag: the same term, in this document's block rather than in three new
   * arrays when it is plain ASCII (most keys and values); otherwise {@link IndexFields#tagTerm} itself.
   */
  BytesRef tagTerm(String key, String value) {
    int keyLength = key.length();
    int valueLength = value.length();
    if (keyLength > IndexFields.MAX_PLAIN_TAG_CHARS
        || valueLength > IndexFields.MAX_PLAIN_TAG_CHARS
        || !isAsciiWithoutNul(key)
        || !isAscii(value)) {
      return IndexFields.tagTerm(key, value);
    }
    int length = keyLength + 1 + valueLength;
    int at = claim(length);
    ascii(key, block, at);
    block[at + keyLength] = 0;
    ascii(value, block, at + keyLength + 1);
    return new BytesRef(block, at, length);
  }

  /** Room for {@code length} bytes in the block; a new block when it is full (earlier slices keep the old one). */
  private int claim(int length) {
    if (block.length - used < length) {
      block = new byte[Math.max(BLOCK_BYTES, length)];
      used = 0;
    }
    int at = used;
    used += length;
    return at;
  }

  /** ASCII is its own UTF-8: one byte per char, as {@code getBytes(UTF_8)} writes it. */
  private static void ascii(String text, byte[] into, int at) {
    text.getBytes(0, text.length(), into, at); // the low byte of each char: exact for ASCII
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiWithoutNul(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || c == 0) {
        return false;
      }
    }
    return true;
  }
}
