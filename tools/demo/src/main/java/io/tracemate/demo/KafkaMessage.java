package io.tracemate.demo;

import java.util.Map;

/**
 * A record published to the simulated Kafka topic; {@code headers} carry the producer span's W3C
 * trace context exactly as the Kafka instrumentation puts it into the record headers.
 */
record KafkaMessage(
    String topic,
    int partition,
    long offset,
    String key,
    Map<String, String> headers,
    long publishedAtEpochNanos) {

  KafkaMessage {
    headers = Map.copyOf(headers);
  }
}
