package io.tracemate.receivers.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Counts the values of a JSON document with Jackson's streaming parser: one per object, array, string, number,
 * boolean and null (field names are not counted: each belongs to a value). Whatever a JSON decoder builds (a tree,
 * protobuf messages, records) is at most a few objects per value, so the count bounds what decoding the document
 * creates. Strings and numbers are never materialized. Where the document stops being valid JSON the count stops
 * too; the decoder, failing at the same place, cannot have built more. Stateless; thread-safe.
 */
final class JsonShape {
  /**
   * No limit on the length of a string, number or name here (the body's byte limit bounds them), so that the count
   * never stops before a decoder with laxer limits would (Zipkin's reader is not Jackson). Nesting keeps Jackson's
   * default depth (1,000): every decoder refuses deeper documents, and each level costs the parser an object.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private JsonShape() {}

  static long countValues(byte[] body) {
    return countValues(body, body.length);
  }

  static long countValues(byte[] body, int length) {
    long values = 0;
    try (JsonParser parser = JSON.createParser(body, 0, length)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token != JsonToken.FIELD_NAME
            && token != JsonToken.END_OBJECT
            && token != JsonToken.END_ARRAY) {
          values++;
        }
      }
    } catch (IOException notJson) {
      // The decoder fails here too, having built no more than the values counted so far.
    }
    return values;
  }
}
