package io.tracemate.logs;

/** Order in which entries are returned: oldest first ({@code forward}) or newest first ({@code backward}, Loki's default). */
public enum Direction {
  FORWARD,
  BACKWARD
}
