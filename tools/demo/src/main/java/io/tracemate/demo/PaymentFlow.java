package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/**
 * The payments namespace: payment-service (the critical "credit-card-payment" business
 * transaction), risk-control (scores the payment with an LLM served by Ollama) and bank-gateway
 * (talks to the bank's core system, which is not instrumented).
 */
final class PaymentFlow {

  static final String BUSINESS_TRANSACTION = "credit-card-payment";
  static final String MODEL = "qwen:7b-chat-v1.5-q4_K_M";
  static final String MODEL_HOST = "ollama.ai-platform.svc.cluster.local";
  static final String BANK_CORE_HOST = "bank-core.corp.internal";

  private static final long BANK_TIMEOUT_NANOS = 3_000_000_000L;
  private static final long INFERENCE_TIMEOUT_NANOS = 2_000_000_000L;
  private static final String RISK_RPC_SERVICE = "risk.v1.RiskService";
  private static final String PAYMENT_SERVICE_CLASS = "io.payments.service.PaymentService";
  private static final String RISK_ENGINE_CLASS = "io.payments.risk.engine.RiskEngine";
  private static final String BANK_CONTROLLER_CLASS = "io.payments.bank.AuthorizationController";

  /** order-service's {@code caller} span charges the order through payment-service. */
  Reply.Http charge(TraceDraft draft, SpanPlan caller, long start) {
    Randomness random = draft.random();
    DemoService payments = DemoService.PAYMENT_SERVICE;
    SpanPlan client =
        Semconv.httpClient(
            caller,
            Instrumentation.HTTP_CLIENT,
            "POST",
            payments.clusterHost(),
            8080,
            "/v1/payments",
            start);
    long t = start + random.hop();
    SpanPlan server =
        client.serverOf(
            draft.pick(payments), Instrumentation.SPRING_WEBMVC, "POST /v1/payments", t);
    Semconv.httpServer(
            server,
            "POST",
            "/v1/payments",
            "/v1/payments",
            8080,
            caller.service().podIp(),
            "okhttp/4.12.0")
        .attr("business.transaction", BUSINESS_TRANSACTION)
        .attr("payment.type", "critical");
    t += random.overhead();

    SpanPlan process =
        server
            .child(Instrumentation.MANUAL, "process-payment", SpanKind.INTERNAL, t)
            .attr("business.transaction", BUSINESS_TRANSACTION)
            .attr("payment.method", "credit-card")
            .attr("payment.id", draft.paymentId())
            .attr("payment.amount", draft.amount())
            .attr("payment.currency", "CNY")
            .attr("order.id", draft.orderId());
    t = evaluateRisk(draft, process, t + random.overhead());
    Reply.Http bank = authorize(draft, process, t + random.overhead());
    t = bank.end();
    int status;
    if (bank.ok()) {
      SpanPlan insert =
          Semconv.mysql(
              process,
              "payments",
              "INSERT",
              "payments",
              "INSERT INTO payments (id, order_id, amount, currency, method, status, authorized_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
              t + random.overhead());
      t = insert.end(insert.startNanos() + random.millis(2.5, 0.4));
      process
          .attr("payment.status", "authorized")
          .appLog(
              t,
              LogSeverity.INFO,
              PAYMENT_SERVICE_CLASS,
              String.format(
                  java.util.Locale.ROOT,
                  "Payment %s for order %s authorized (%.2f CNY, credit-card)",
                  draft.paymentId(),
                  draft.orderId(),
                  draft.amount()),
              Attributes.builder()
                  .put("payment.id", draft.paymentId())
                  .put("order.id", draft.orderId())
                  .put("code.namespace", PAYMENT_SERVICE_CLASS)
                  .put("code.function", "process")
                  .build());
      status = 201;
    } else {
      t += random.overhead();
      SimulatedException failure = Failures.paymentFailed(draft.paymentId());
      process
          .attr("payment.status", "failed")
          .fail(t, failure)
          .appLog(
              t,
              LogSeverity.ERROR,
              PAYMENT_SERVICE_CLASS,
              "Payment " + draft.paymentId() + " for order " + draft.orderId() + " failed",
              failure);
      status = 502;
    }
    process.end(t);
    t = Semconv.httpServerDone(server, status, t + random.overhead());
    t = Semconv.httpClientDone(client, status, t + random.hop());
    return new Reply.Http(t, status);
  }

  private long evaluateRisk(TraceDraft draft, SpanPlan process, long start) {
    Randomness random = draft.random();
    DemoService risk = DemoService.RISK_CONTROL;
    String fullName = RISK_RPC_SERVICE + "/Evaluate";
    SpanPlan client =
        Semconv.rpc(
            process.child(Instrumentation.GRPC, fullName, SpanKind.CLIENT, start),
            RISK_RPC_SERVICE,
            "Evaluate",
            risk.clusterHost());
    long t = start + random.hop();
    SpanPlan server =
        Semconv.rpc(
                client.serverOf(draft.pick(risk), Instrumentation.GRPC, fullName, t),
                RISK_RPC_SERVICE,
                "Evaluate",
                risk.clusterHost())
            .attr("network.peer.address", process.service().podIp());
    t += random.overhead();
    SpanPlan engine =
        Semconv.code(server, "io.payments.risk.engine.RiskEngine", "evaluate", t)
            .attr("payment.id", draft.paymentId());
    SpanPlan features =
        Semconv.redis(
                engine, "HGETALL", "HGETALL features:user:" + draft.userId(), t + random.overhead())
            .attr("server.address", "redis-features.payments.svc.cluster.local");
    t = features.end(features.startNanos() + random.millis(0.6, 0.4));

    t = infer(draft, engine, t + random.overhead());
    double score = Math.round(random.generator().nextDouble() * 0.35 * 1000) / 1000.0;
    String decision = score < 0.3 ? "approve" : "review";
    engine.attr("risk.score", score).attr("risk.decision", decision);
    t = engine.end(t + random.overhead());
    engine.appLog(
        t,
        LogSeverity.INFO,
        RISK_ENGINE_CLASS,
        "Risk decision "
            + decision
            + " for payment "
            + draft.paymentId()
            + " (score "
            + score
            + ")",
        Attributes.builder()
            .put("payment.id", draft.paymentId())
            .put("risk.score", score)
            .put("risk.decision", decision)
            .build());
    t += random.overhead();
    server.attr("rpc.grpc.status_code", (long) Reply.Rpc.OK).end(t);
    t += random.hop();
    client.attr("rpc.grpc.status_code", (long) Reply.Rpc.OK).end(t);
    return t;
  }

  /** The LLM call, with the model, token and time-to-first-token attributes of the seeds. */
  private long infer(TraceDraft draft, SpanPlan engine, long start) {
    Randomness random = draft.random();
    SpanPlan inference =
        engine
            .child(Instrumentation.MANUAL, "chat " + MODEL, SpanKind.CLIENT, start)
            .attr("gen_ai.system", "ollama")
            .attr("gen_ai.operation.name", "chat")
            .attr("gen_ai.request.model", MODEL)
            .attr("gen_ai.request.temperature", 0.1)
            .attr("gen_ai.request.max_tokens", 256L)
            .attr("ai.model.name", MODEL)
            .attr("ai.model.version", "v1.5")
            .attr("ai.inference.engine", "Ollama")
            .attr("server.address", MODEL_HOST)
            .attr("server.port", 11434L);
    if (draft.faultIs(Fault.AI_INFERENCE_TIMEOUT)) {
      long t = start + INFERENCE_TIMEOUT_NANOS + random.millis(1, 0.3);
      SimulatedException timeout = Failures.inferenceTimeout();
      inference
          .attr("error.type", "java.net.http.HttpTimeoutException")
          .fail(t, timeout)
          .appLog(
              t,
              LogSeverity.WARN,
              "io.payments.risk.engine.LlmRiskScorer",
              "LLM risk scoring timed out after 2000 ms (model "
                  + MODEL
                  + "), falling back to the rule engine",
              timeout)
          .end(t);
      // risk-control degrades to its rule engine instead of failing the payment.
      SpanPlan rules =
          Semconv.code(
                  engine, "io.payments.risk.engine.RuleEngine", "evaluate", t + random.overhead())
              .attr("risk.fallback", true);
      return rules.end(rules.startNanos() + random.millis(1.5, 0.4));
    }
    long inputTokens = random.between(96, 420);
    // The model answers with a short JSON verdict, so decoding stays well under the timeout.
    long outputTokens = random.between(12, 64);
    long timeToFirstToken = random.millis(150, 0.35);
    long perToken = random.millis(9, 0.2);
    long end = start + timeToFirstToken + outputTokens * perToken;
    long ttftMillis = Math.max(1, timeToFirstToken / 1_000_000);
    inference
        .attr("gen_ai.response.model", MODEL)
        .attr("gen_ai.response.finish_reasons", "stop")
        .attr("gen_ai.usage.input_tokens", inputTokens)
        .attr("gen_ai.usage.output_tokens", outputTokens)
        .attr("ai.input.prompt_tokens", inputTokens)
        .attr("ai.output.completion_tokens", outputTokens)
        .attr("ai.total_tokens", inputTokens + outputTokens)
        .attr("ai.time_to_first_token_ms", ttftMillis)
        .log(
            start + timeToFirstToken,
            "gen_ai.first_token",
            Attributes.builder().put("ai.time_to_first_token_ms", ttftMillis).build());
    return inference.end(end);
  }

  private Reply.Http authorize(TraceDraft draft, SpanPlan process, long start) {
    Randomness random = draft.random();
    DemoService bank = DemoService.BANK_GATEWAY;
    SpanPlan client =
        Semconv.httpClient(
            process,
            Instrumentation.HTTP_CLIENT,
            "POST",
            bank.clusterHost(),
            8080,
            "/authorize",
            start);
    long t = start + random.hop();
    SpanPlan server =
        client.serverOf(draft.pick(bank), Instrumentation.SPRING_WEBMVC, "POST /authorize", t);
    Semconv.httpServer(
            server,
            "POST",
            "/authorize",
            "/authorize",
            8080,
            process.service().podIp(),
            "okhttp/4.12.0")
        .attr("payment.id", draft.paymentId());
    t += random.overhead();

    // bank-core is not instrumented: only this CLIENT span shows it, named by peer.service.
    SpanPlan core =
        Semconv.httpClient(
                server,
                Instrumentation.HTTP_CLIENT,
                "POST",
                BANK_CORE_HOST,
                8443,
                "/iso8583/v2/authorize",
                t)
            .attr("peer.service", "bank-core")
            .attr("network.peer.address", "172.16.20.11")
            .attr("network.peer.port", 8443L);
    int status;
    if (draft.faultIs(Fault.BANK_TIMEOUT)) {
      t += BANK_TIMEOUT_NANOS + random.millis(1, 0.3);
      SimulatedException timeout = Failures.bankReadTimeout();
      core.attr("error.type", "java.net.SocketTimeoutException").fail(t, timeout).end(t);
      server.appLog(
          t,
          LogSeverity.ERROR,
          BANK_CONTROLLER_CLASS,
          "bank-core did not answer authorization of payment "
              + draft.paymentId()
              + " within 3000 ms",
          timeout);
      status = 504;
    } else {
      t =
          Semconv.httpClientDone(
              core.attr("bank.response_code", "00"), 200, t + random.millis(120, 0.35));
      server.appLog(
          t,
          LogSeverity.INFO,
          BANK_CONTROLLER_CLASS,
          "Authorized payment " + draft.paymentId() + " at bank-core: response code 00",
          Attributes.builder()
              .put("payment.id", draft.paymentId())
              .put("bank.response_code", "00")
              .build());
      status = 200;
    }
    t = Semconv.httpServerDone(server, status, t + random.overhead());
    t = Semconv.httpClientDone(client, status, t + random.hop());
    return new Reply.Http(t, status);
  }
}
