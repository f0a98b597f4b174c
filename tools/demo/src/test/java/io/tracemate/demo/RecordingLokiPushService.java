package io.tracemate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A minimal Loki push endpoint ({@code POST /loki/api/v1/push}, JSON flavour) that keeps every
 * entry with its stream labels and structured metadata.
 */
final class RecordingLokiPushService implements HttpService {

  record LokiEntry(
      Map<String, String> labels, long timeNanos, String line, Map<String, String> metadata) {
    String label(String name) {
      return labels.get(name);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConcurrentLinkedQueue<LokiEntry> entries = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(
        req.aggregate()
            .thenApply(
                request -> {
                  MediaType type = request.contentType();
                  contentTypes.add(type == null ? "" : type.toString());
                  try {
                    JsonNode push = JSON.readTree(request.contentUtf8());
                    for (JsonNode stream : push.get("streams")) {
                      Map<String, String> labels = strings(stream.get("stream"));
                      for (JsonNode value : stream.get("values")) {
                        entries.add(
                            new LokiEntry(
                                labels,
                                Long.parseLong(value.get(0).asText()),
                                value.get(1).asText(),
                                value.size() > 2 ? strings(value.get(2)) : Map.of()));
                      }
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  return HttpResponse.of(HttpStatus.NO_CONTENT);
                }));
  }

  List<LokiEntry> entries() {
    return List.copyOf(entries);
  }

  List<String> contentTypes() {
    return new ArrayList<>(contentTypes);
  }

  void clear() {
    entries.clear();
    contentTypes.clear();
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.properties().forEach(field -> map.put(field.getKey(), field.getValue().asText()));
    return map;
  }
}
