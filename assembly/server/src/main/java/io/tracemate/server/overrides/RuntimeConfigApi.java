package io.tracemate.server.overrides;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /runtime_config}, as Loki's: the per-tenant limits in force, as YAML in the overrides file's shape
 * ({@code overrides: {<tenant>: {<key>: value}}}), every key with its value; {@code ?mode=diff} shows only what
 * differs from the configured defaults. Without an overrides file, {@code overrides: {}}. Admin only (declared in
 * the route table). Thread-safe.
 */
public final class RuntimeConfigApi {
  public static final String PATH = "/runtime_config";

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final RuntimeConfigWatcher watcher; // null without runtime-config.file

  public RuntimeConfigApi(RuntimeConfigWatcher watcher) {
    this.watcher = watcher;
  }

  public ServerBuilder addTo(ServerBuilder server) {
    server
        .route()
        .get(PATH)
        .build(
            (ctx, req) -> {
              String mode = ctx.queryParam("mode");
              if (mode != null && !mode.isEmpty() && !mode.equals("diff")) {
                return HttpResponse.of(
                    HttpStatus.BAD_REQUEST,
                    MediaType.PLAIN_TEXT_UTF_8,
                    "unknown mode '%s': leave it out for every value, or mode=diff for what differs from"
                        + " the defaults\n",
                    mode);
              }
              return answer("diff".equals(mode));
            });
    return server;
  }

  private HttpResponse answer(boolean diffOnly) throws JsonProcessingException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("overrides", watcher == null ? Map.of() : watcher.effectiveByTenant(diffOnly));
    return HttpResponse.of(
        HttpStatus.OK,
        MediaType.parse("text/plain; charset=utf-8"),
        YAML.writeValueAsString(document));
  }
}
