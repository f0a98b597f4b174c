package io.tracemate.http.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.audit.AuditReader;
import io.tracemate.audit.AuditRecord;
import io.tracemate.auth.RequestIdentity;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * {@code GET /api/admin/audit}: the audit log, newest first, a page at a time, for administrators.
 *
 * <p>Parameters: {@code limit} (records per page, default 100, at most {@value AuditReader#MAX_PAGE}),
 * {@code before} (the {@code nextBefore} of the previous page; absent: from the newest), {@code actor} and
 * {@code action} (exact matches). Answer: {@code {"records": [...], "nextBefore": n}} where each record is as
 * written in the log ({@code seq, time, actor, method, tenants, action, endpoint, query, status, bytesScanned,
 * resultBytes, durationMs, prevHash, hash}) and {@code nextBefore} is 0 after the oldest. A page reads at most
 * {@value #MAX_SCANNED} records, so a filter that matches little returns a short page with a {@code nextBefore} to
 * continue from.
 *
 * <p>Whose records: with {@code tenantScoped} (multitenancy on), only records whose tenants all lie in the
 * request's scope, the tenants the caller administers, and the records that name no tenant (requests refused
 * before one was known: they hold the caller's own request, no tenant's data); otherwise all of them.
 *
 * <p>Thread-safe; reading runs on the blocking task executor.
 */
public final class AuditApi {
  public static final String ROUTE = "/api/admin/audit";

  /** Records one page may read, matching or not. */
  static final long MAX_SCANNED = 100_000;

  private static final int DEFAULT_LIMIT = 100;

  private final AuditReader reader;
  private final boolean tenantScoped;
  private final BlockingEndpoints endpoints =
      BlockingEndpoints.of(ApiErrors.of(ErrorShape.TRACEMATE));

  public AuditApi(Path directory, boolean tenantScoped) {
    this.reader = new AuditReader(directory);
    this.tenantScoped = tenantScoped;
  }

  public ServerBuilder addTo(ServerBuilder server) {
    server.route().get(ROUTE).build(endpoints.service(this::page));
    return server;
  }

  private HttpResponse page(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    int limit = intParam(params, "limit", DEFAULT_LIMIT, 1, AuditReader.MAX_PAGE);
    long before = longParam(params, "before");
    String actor = params.get("actor");
    String action = params.get("action");
    Predicate<AuditRecord> filter =
        record ->
            (actor == null || actor.equals(record.actor()))
                && (action == null || action.equals(record.action()));
    if (tenantScoped) {
      TenantScope scope =
          RequestIdentity.of(ctx).map(RequestIdentity::scope).orElse(TenantScope.DEFAULT);
      filter = filter.and(record -> withinScope(record, scope));
    }
    AuditReader.Page page;
    try {
      page = reader.page(before, limit, filter, MAX_SCANNED);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the audit log failed", e);
    }
    return JsonBody.ok(out -> write(out, page));
  }

  private static boolean withinScope(AuditRecord record, TenantScope scope) {
    for (String tenant : record.tenants()) {
      if (scope.asSet().stream().noneMatch(t -> t.value().equals(tenant))) {
        return false;
      }
    }
    return true;
  }

  private static void write(JsonGenerator out, AuditReader.Page page) throws IOException {
    out.writeStartObject();
    out.writeArrayFieldStart("records");
    for (AuditRecord record : page.records()) {
      out.writeStartObject();
      out.writeNumberField("seq", record.seq());
      out.writeStringField("time", record.time());
      out.writeStringField("actor", record.actor());
      out.writeStringField("method", record.method());
      out.writeArrayFieldStart("tenants");
      for (String tenant : record.tenants()) {
        out.writeString(tenant);
      }
      out.writeEndArray();
      out.writeStringField("action", record.action());
      out.writeStringField("endpoint", record.endpoint());
      out.writeStringField("query", record.query());
      out.writeNumberField("status", record.status());
      out.writeNumberField("bytesScanned", record.bytesScanned());
      out.writeNumberField("resultBytes", record.resultBytes());
      out.writeNumberField("durationMs", record.durationMs());
      out.writeStringField("prevHash", record.prevHash());
      out.writeStringField("hash", record.hash());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeNumberField("nextBefore", page.nextBefore());
    out.writeEndObject();
  }

  private static int intParam(QueryParams params, String name, int fallback, int min, int max) {
    long value = params.contains(name) ? parse(params.get(name), name) : fallback;
    if (value < min || value > max) {
      throw new BadRequestException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return (int) value;
  }

  private static long longParam(QueryParams params, String name) {
    return params.contains(name) ? parse(params.get(name), name) : 0;
  }

  private static long parse(String text, String name) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadRequestException(name + " must be an integer, got '" + text + "'");
    }
  }
}
