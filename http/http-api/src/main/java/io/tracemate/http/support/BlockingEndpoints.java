package io.tracemate.http.support;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.common.Cancellation;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How every endpoint of the HTTP APIs runs, whatever its family: the request's {@link RequestCancellation} bound as
 * the request arrives (so a client leaving before the work starts is seen), the handler run on Armeria's blocking
 * task executor (stores and engines block; never on an event loop), counted in {@link RunningQueries} until it
 * returns when the family counts its queries, and every failure answered by the family's {@link ApiErrors}. This is
 * the one place where handlers meet the error mapping: handlers throw, they do not catch.
 *
 * <p>Immutable and thread-safe, as are the services it makes.
 */
public final class BlockingEndpoints {

  /** Answers a request whose body is not read. May throw anything the family's {@link ApiErrors} maps. */
  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(ServiceRequestContext ctx);
  }

  /** Answers a request with its whole body (bounded by the route's maximum request length). */
  @FunctionalInterface
  public interface BodyHandler {
    HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest request);
  }

  private final ApiErrors errors;
  private final RunningQueries running;
  private final String api;
  private final Function<ServiceRequestContext, Duration> timeout;

  private BlockingEndpoints(
      ApiErrors errors,
      RunningQueries running,
      String api,
      Function<ServiceRequestContext, Duration> timeout) {
    this.errors = Objects.requireNonNull(errors, "errors");
    this.running = running;
    this.api = api;
    this.timeout = timeout;
  }

  /** Endpoints answering failures with {@code errors}, not counted, stopping only when their request does. */
  public static BlockingEndpoints of(ApiErrors errors) {
    return new BlockingEndpoints(errors, null, null, null);
  }

  /** The same, each request counted in {@code running} under {@code api} while a thread works on it. */
  public BlockingEndpoints counted(RunningQueries running, String api) {
    return new BlockingEndpoints(
        errors,
        Objects.requireNonNull(running, "running"),
        Objects.requireNonNull(api, "api"),
        timeout);
  }

  /** The same, each request's cancellation passing its deadline {@code timeout} after the request arrived. */
  public BlockingEndpoints withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return withTimeout(ctx -> timeout);
  }

  /**
   * The same, each request's cancellation passing its deadline the time-out {@code timeout} gives for it (the
   * time-out of its tenants) after the request arrived. Asked once per request, on the event loop: keep it cheap.
   */
  public BlockingEndpoints withTimeout(Function<ServiceRequestContext, Duration> timeout) {
    return new BlockingEndpoints(errors, running, api, Objects.requireNonNull(timeout, "timeout"));
  }

  public ApiErrors errors() {
    return errors;
  }

  public HttpService service(Handler handler) {
    return (ctx, req) -> {
      Cancellation cancellation =
          RequestCancellation.of(ctx, timeout == null ? null : timeout.apply(ctx));
      return HttpResponse.of(
          () -> run(ctx, cancellation, () -> handler.handle(ctx)), ctx.blockingTaskExecutor());
    };
  }

  /** Reads the body first, then handles the request as {@link #service} does. */
  public HttpService serviceWithBody(BodyHandler handler) {
    return (ctx, req) -> {
      Cancellation cancellation =
          RequestCancellation.of(ctx, timeout == null ? null : timeout.apply(ctx));
      return HttpResponse.of(
          req.aggregate()
              .thenApplyAsync(
                  body -> {
                    QueryBody.keep(ctx, body);
                    return run(ctx, cancellation, () -> handler.handle(ctx, body));
                  },
                  ctx.blockingTaskExecutor()));
    };
  }

  private HttpResponse run(
      ServiceRequestContext ctx, Cancellation cancellation, Supplier<HttpResponse> handler) {
    try (RunningQueries.Running ignored = running == null ? null : running.start(api)) {
      cancellation.check();
      return handler.get();
    } catch (RuntimeException e) {
      return errors.respond(ctx, e);
    }
  }
}
