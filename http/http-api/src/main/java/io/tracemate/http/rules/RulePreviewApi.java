package io.tracemate.http.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.alerting.rules.Rule;
import io.tracemate.alerting.rules.RuleFormatException;
import io.tracemate.alerting.rules.RuleGroup;
import io.tracemate.alerting.rules.RulePreview;
import io.tracemate.alerting.rules.RuleSeries;
import io.tracemate.alerting.rules.Ruler;
import io.tracemate.common.units.HumanDuration;
import io.tracemate.http.support.ApiError;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.http.support.RequestCancellation;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.promql.engine.PromFormat;
import io.tracemate.querysupport.LimitExceededException;
import io.tracemate.querysupport.QueryParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/rules/preview}: "when would this rule have fired?". The body is one rule group as Loki's ruler
 * API takes it, in YAML or (with a JSON content type) JSON: its {@code kind} says LogQL or PromQL, its rules carry
 * {@code expr}, {@code for}, {@code keep_firing_for} and labels. The rule named by {@code rule} (its index from 0 or
 * its name; may be left out when the group has one rule) is evaluated for the request's tenant over
 * {@code start}..{@code end} (Unix epoch milliseconds or RFC 3339; or {@code lookback}, default 6h, back from
 * {@code end}, default now) at every {@code step} (default: the group's interval, which is what the ruler would have
 * done), at most {@code maxRange} long, under the query APIs' limits; the answer holds the expression's series and,
 * per series, when its alert would have been pending and firing ({@link RulePreview}), and the compared side of a
 * comparison. Nothing is stored. A group that does not validate is answered 400 with every error and its line and
 * column ({@code {"error": {"code": 400, "message", "errors": [{"line", "column", "message"}]}}}), as the ruler API
 * validates it. Thread-safe.
 */
public final class RulePreviewApi {
  /** The route (READ: a preview reads what queries read and changes nothing). */
  public static final String ROUTE = "/api/rules/preview";

  /** Range back from the end when the request gives no start. */
  static final Duration DEFAULT_LOOKBACK = Duration.ofHours(6);

  private static final ApiErrors ERRORS =
      ApiErrors.of(
          ErrorShape.TRACEMATE,
          failure ->
              switch (failure) {
                case QueryParseException e -> ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
                case io.tracemate.promql.engine.QueryLimitException e ->
                    switch (e.errorType()) {
                      case "timeout" -> ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
                      case "bad_data" -> ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
                      default -> ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                    };
                case io.tracemate.logql.engine.QueryLimitException e ->
                    e.limit().equals(io.tracemate.logql.engine.QueryLimitException.TIMEOUT)
                        ? ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage())
                        : ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                case LimitExceededException e ->
                    ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                case io.tracemate.promql.engine.QueryEvaluationException e ->
                    ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                case io.tracemate.logql.engine.QueryEvaluationException e ->
                    ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                case IllegalArgumentException e ->
                    ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
                case IllegalStateException e ->
                    ApiError.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                default -> null;
              });

  private final Ruler ruler;
  private final Duration maxRange;
  private final Clock clock;
  private final BlockingEndpoints endpoints;

  /**
   * @param maxRange longest range a preview may cover ({@code ruler.max_preview_range})
   * @param running counts previews while they run, as {@code rules}
   */
  public RulePreviewApi(Ruler ruler, Duration maxRange, Clock clock, RunningQueries running) {
    this.ruler = Objects.requireNonNull(ruler, "ruler");
    this.maxRange = Objects.requireNonNull(maxRange, "maxRange");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.endpoints = BlockingEndpoints.of(ERRORS).counted(running, RunningQueries.RULES);
  }

  public ServerBuilder addTo(ServerBuilder server) {
    server
        .route()
        .post(ROUTE)
        .maxRequestLength(RulerApi.MAX_BODY_BYTES)
        .build(endpoints.serviceWithBody(this::preview));
    return server;
  }

  private HttpResponse preview(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    var tenant = RulerApi.tenant(ctx);
    MediaType type = request.contentType();
    boolean json = type != null && type.isJson();
    String body = request.content().toString(StandardCharsets.UTF_8);
    RuleGroup group;
    try {
      group = ruler.parser().parseGroup("body", body, json);
    } catch (RuleFormatException e) {
      return invalid(e);
    }
    QueryParams params = ctx.queryParams();
    int index = ruleIndex(group, Parameters.optional(params, "rule"));
    Instant end = instant(params, "end", clock.instant());
    Instant start;
    if (Parameters.optional(params, "start") != null) {
      start = instant(params, "start", null);
    } else {
      String lookback = Parameters.optional(params, "lookback");
      start = end.minus(lookback == null ? DEFAULT_LOOKBACK : duration(lookback, "lookback"));
    }
    if (!start.isBefore(end)) {
      throw new BadRequestException("start (" + start + ") must be before end (" + end + ")");
    }
    if (Duration.between(start, end).compareTo(maxRange) > 0) {
      throw new BadRequestException(
          "the range "
              + HumanDuration.format(Duration.between(start, end))
              + " is longer than a preview may cover ("
              + HumanDuration.format(maxRange)
              + ", ruler.max_preview_range)");
    }
    String stepText = Parameters.optional(params, "step");
    Duration step =
        stepText == null
            ? group.intervalOr(ruler.evaluationInterval())
            : duration(stepText, "step");
    RulePreview preview =
        ruler.preview(tenant, group, index, start, end, step, RequestCancellation.current(ctx));
    return JsonBody.response(
        HttpStatus.OK, JsonBody.prettyPrint(params), out -> write(out, preview));
  }

  /** The rule {@code selector} names: an index from 0, or a name; the only rule when it names none. */
  static int ruleIndex(RuleGroup group, String selector) {
    List<Rule> rules = group.rules();
    if (rules.isEmpty()) {
      throw new BadRequestException("group \"" + group.name() + "\" has no rules to preview");
    }
    if (selector == null) {
      if (rules.size() == 1) {
        return 0;
      }
      throw new BadRequestException(
          "group \""
              + group.name()
              + "\" has "
              + rules.size()
              + " rules: name the one to preview with rule=<index from 0> or rule=<name>");
    }
    if (selector.chars().allMatch(Character::isDigit) && selector.length() < 6) {
      int index = Integer.parseInt(selector);
      if (index >= rules.size()) {
        throw new BadRequestException(
            "rule="
                + index
                + ": group \""
                + group.name()
                + "\" has "
                + rules.size()
                + (rules.size() == 1 ? " rule" : " rules")
                + " (counted from 0)");
      }
      return index;
    }
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).name().equals(selector)) {
        return i;
      }
    }
    throw new BadRequestException(
        "rule=" + selector + ": group \"" + group.name() + "\" has no rule of that name");
  }

  private static Instant instant(QueryParams params, String param, Instant absent) {
    String text = Parameters.optional(params, param);
    if (text == null) {
      return absent;
    }
    String value = text.trim();
    try {
      if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochMilli(Long.parseLong(value));
      }
      return Parameters.rfc3339(value);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new BadRequestException(
          "parameter '"
              + param
              + "' must be Unix epoch milliseconds or RFC 3339, got '"
              + text
              + "'");
    }
  }

  private static Duration duration(String text, String param) {
    Duration d;
    try {
      d = HumanDuration.parse(text);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new BadRequestException("parameter '" + param + "': " + e.getMessage());
    }
    if (d.toMillis() <= 0) {
      throw new BadRequestException(
          "parameter '" + param + "' must be at least 1ms, got '" + text + "'");
    }
    return d;
  }

  /** 400 with every error apart, so that an editor can mark each at its line. */
  private static HttpResponse invalid(RuleFormatException e) {
    return JsonBody.response(
        HttpStatus.BAD_REQUEST,
        false,
        out -> {
          out.writeStartObject();
          out.writeObjectFieldStart("error");
          out.writeNumberField("code", 400);
          out.writeStringField("message", String.join(", ", e.errors()));
          out.writeArrayFieldStart("errors");
          for (RuleFormatException.Problem problem : e.problems()) {
            out.writeStartObject();
            out.writeNumberField("line", problem.line());
            out.writeNumberField("column", problem.column());
            out.writeStringField("message", problem.message());
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
          out.writeEndObject();
        });
  }

  private static void write(JsonGenerator out, RulePreview preview) throws IOException {
    Rule rule = preview.rule();
    out.writeStartObject();
    out.writeObjectFieldStart("rule");
    out.writeNumberField("index", preview.ruleIndex());
    out.writeStringField("name", rule.name());
    out.writeStringField("type", rule.isAlerting() ? "alerting" : "recording");
    out.writeStringField("expr", rule.expr());
    out.writeStringField("language", preview.group().language().key());
    out.writeNumberField("for", rule.forDuration().toMillis());
    out.writeNumberField("keepFiringFor", rule.keepFiringFor().toMillis());
    out.writeEndObject();
    out.writeArrayFieldStart("rules");
    for (Rule one : preview.group().rules()) {
      out.writeStartObject();
      out.writeStringField("name", one.name());
      out.writeStringField("type", one.isAlerting() ? "alerting" : "recording");
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeNumberField("start", preview.start().toEpochMilli());
    out.writeNumberField("end", preview.end().toEpochMilli());
    out.writeNumberField("step", preview.step().toMillis());
    out.writeNumberField("evaluations", preview.evaluations());
    out.writeNumberField("seriesTotal", preview.seriesTotal());
    out.writeArrayFieldStart("series");
    for (RulePreview.SeriesPreview series : preview.series()) {
      out.writeStartObject();
      writeSeriesFields(out, series.series());
      if (series.alertLabels() != null) {
        writeMap(out, "alert", series.alertLabels());
      }
      out.writeArrayFieldStart("intervals");
      for (RulePreview.Interval interval : series.intervals()) {
        out.writeStartObject();
        out.writeStringField("state", interval.state().name().toLowerCase(Locale.ROOT));
        out.writeNumberField("start", interval.start().toEpochMilli());
        out.writeNumberField("end", interval.end().toEpochMilli());
        out.writeBooleanField("ongoing", interval.ongoing());
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
    if (preview.compared() == null) {
      out.writeNullField("compared");
    } else {
      out.writeObjectFieldStart("compared");
      out.writeStringField("expr", preview.compared().expr());
      if (preview.compared().threshold() == null) {
        out.writeNullField("threshold");
      } else {
        out.writeStringField("threshold", PromFormat.value(preview.compared().threshold()));
      }
      out.writeArrayFieldStart("series");
      for (RuleSeries series : preview.compared().series()) {
        out.writeStartObject();
        writeSeriesFields(out, series);
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeArrayFieldStart("failures");
    for (RulePreview.Failure failure : preview.failures()) {
      out.writeStartObject();
      out.writeNumberField("time", failure.time().toEpochMilli());
      out.writeStringField("message", failure.message());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  /** {@code "labels": {...}, "values": [[ms, "value"], ...]}: values as Prometheus writes them (NaN, +Inf). */
  private static void writeSeriesFields(JsonGenerator out, RuleSeries series) throws IOException {
    writeMap(out, "labels", series.labels());
    out.writeArrayFieldStart("values");
    for (int i = 0; i < series.values().length; i++) {
      out.writeStartArray();
      out.writeNumber(series.timesMillis()[i]);
      out.writeString(PromFormat.value(series.values()[i]));
      out.writeEndArray();
    }
    out.writeEndArray();
  }

  private static void writeMap(JsonGenerator out, String field, Map<String, String> map)
      throws IOException {
    out.writeObjectFieldStart(field);
    for (var entry : map.entrySet()) {
      out.writeStringField(entry.getKey(), entry.getValue());
    }
    out.writeEndObject();
  }
}
