package io.tracemate.logs;

import io.tracemate.logs.model.LogEntry;
import java.util.Iterator;

/**
 * Entries of one stream in the requested direction. Not thread-safe; close it when done (it may hold
 * decompressed chunks or index readers).
 */
public interface LogCursor extends Iterator<LogEntry>, AutoCloseable {
  @Override
  void close();
}
