package io.tracemate.server.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tracemate.queue.QueueSettings;
import java.time.Duration;

/**
 * Lets the size keys of {@link QueueSettings} be written as sizes ({@code 256MiB}) as well as numbers: the record
 * names its keys itself, and the configuration's size parser lives here (a Jackson mix-in, registered by
 * {@link ConfigLoader}). {@code max-queued} is a number of spans for traces and a size of line bytes for logs; both
 * read through the same parser, which takes plain numbers as they are.
 */
abstract class QueueSettingsKeys {
  QueueSettingsKeys(
      @JsonDeserialize(using = ByteSizeDeserializer.class) Long maxQueued,
      @JsonDeserialize(using = ByteSizeDeserializer.class) Long storeBatch,
      Duration flushInterval,
      @JsonDeserialize(using = ByteSizeDeserializer.class) Long walSegmentBytes,
      @JsonDeserialize(using = ByteSizeDeserializer.class) Long maxQueuedBytes) {}
}
