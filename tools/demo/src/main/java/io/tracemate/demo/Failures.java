package io.tracemate.demo;

import java.util.Arrays;

/**
 * The exceptions of the simulated faults, with the type names, messages and stack frames the real
 * libraries (Spring, MySQL Connector/J, HikariCP, Lettuce, gRPC, OkHttp, the JDK) produce.
 */
final class Failures {

  private static final String[] SPRING_MVC_TO_THREAD = {
    "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
    "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
    "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
    "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:188)",
    "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)",
    "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)",
    "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
    "org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
    "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)",
    "org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)",
    "java.base/java.lang.Thread.run(Thread.java:1583)",
  };

  private static final String[] GRPC_SERVER_TO_THREAD = {
    "io.grpc.stub.ServerCalls$UnaryServerCallHandler$UnaryServerCallListener.onHalfClose(ServerCalls.java:182)",
    "io.grpc.internal.ServerImpl$JumpToApplicationThreadServerStreamListener$1HalfClosed.runInContext(ServerImpl.java:356)",
    "io.grpc.internal.ContextRunnable.run(ContextRunnable.java:37)",
    "io.grpc.internal.SerializingExecutor.run(SerializingExecutor.java:133)",
    "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)",
    "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
    "java.base/java.lang.Thread.run(Thread.java:1583)",
  };

  private Failures() {}

  static SimulatedException orderNullPointer() {
    return new SimulatedException(
        "java.lang.NullPointerException",
        "Cannot invoke \"io.shop.order.model.Address.getCountryCode()\" because the return value of"
            + " \"io.shop.order.model.Order.getShippingAddress()\" is null",
        frames(
            new String[] {
              "io.shop.order.service.ShippingEstimator.estimate(ShippingEstimator.java:47)",
              "io.shop.order.service.OrderService.getOrder(OrderService.java:96)",
              "io.shop.order.web.OrderController.getOrder(OrderController.java:41)",
            },
            SPRING_MVC_TO_THREAD),
        null);
  }

  /** What MySQL Connector/J throws; the JDBC instrumentation records it on the INSERT span. */
  static SimulatedException mysqlDeadlock() {
    return new SimulatedException(
        "com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException",
        "Deadlock found when trying to get lock; try restarting transaction",
        frames(
            new String[] {
              "com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:123)",
              "com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping.translateException(SQLExceptionsMapping.java:122)",
              "com.mysql.cj.jdbc.ClientPreparedStatement.executeInternal(ClientPreparedStatement.java:916)",
              "com.mysql.cj.jdbc.ClientPreparedStatement.executeUpdateInternal(ClientPreparedStatement.java:1061)",
              "com.mysql.cj.jdbc.ClientPreparedStatement.executeUpdate(ClientPreparedStatement.java:993)",
              "com.zaxxer.hikari.pool.ProxyPreparedStatement.executeUpdate(ProxyPreparedStatement.java:61)",
              "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)",
              "org.springframework.jdbc.core.JdbcTemplate.lambda$update$2(JdbcTemplate.java:973)",
              "org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:658)",
              "org.springframework.jdbc.core.JdbcTemplate.update(JdbcTemplate.java:970)",
              "io.shop.order.repository.OrderRepository.insert(OrderRepository.java:88)",
              "io.shop.order.service.OrderService.createOrder(OrderService.java:142)",
              "io.shop.order.web.OrderController.createOrder(OrderController.java:57)",
            },
            SPRING_MVC_TO_THREAD),
        null);
  }

  /** What Spring translates the deadlock into; the request fails with it. */
  static SimulatedException springCannotAcquireLock(String statement) {
    return new SimulatedException(
        "org.springframework.dao.CannotAcquireLockException",
        "PreparedStatementCallback; SQL ["
            + statement
            + "]; Deadlock found when trying to get lock;"
            + " try restarting transaction",
        frames(
            new String[] {
              "org.springframework.jdbc.support.SQLExceptionSubclassTranslator.doTranslate(SQLExceptionSubclassTranslator.java:78)",
              "org.springframework.jdbc.support.AbstractFallbackSQLExceptionTranslator.translate(AbstractFallbackSQLExceptionTranslator.java:107)",
              "org.springframework.jdbc.core.JdbcTemplate.translateException(JdbcTemplate.java:1548)",
              "org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:677)",
              "org.springframework.jdbc.core.JdbcTemplate.update(JdbcTemplate.java:970)",
              "io.shop.order.repository.OrderRepository.insert(OrderRepository.java:88)",
              "io.shop.order.service.OrderService.createOrder(OrderService.java:142)",
              "io.shop.order.web.OrderController.createOrder(OrderController.java:57)",
            },
            SPRING_MVC_TO_THREAD),
        mysqlDeadlock());
  }

  static SimulatedException redisTimeout(String grpcMethod) {
    String handler = Character.toLowerCase(grpcMethod.charAt(0)) + grpcMethod.substring(1);
    return new SimulatedException(
        "io.lettuce.core.RedisCommandTimeoutException",
        "Command timed out after 1 second(s)",
        frames(
            new String[] {
              "io.lettuce.core.internal.ExceptionFactory.createTimeoutException(ExceptionFactory.java:59)",
              "io.lettuce.core.internal.Futures.awaitOrCancel(Futures.java:246)",
              "io.lettuce.core.FutureSyncInvocationHandler.handleInvocation(FutureSyncInvocationHandler.java:75)",
              "io.lettuce.core.internal.AbstractInvocationHandler.invoke(AbstractInvocationHandler.java:80)",
              "jdk.proxy2/jdk.proxy2.$Proxy142.get(Unknown Source)",
              "io.shop.inventory.cache.StockCache.available(StockCache.java:52)",
              "io.shop.inventory.grpc.InventoryGrpcService."
                  + handler
                  + "(InventoryGrpcService.java:38)",
              "io.shop.inventory.v1.InventoryServiceGrpc$MethodHandlers.invoke(InventoryServiceGrpc.java:421)",
            },
            GRPC_SERVER_TO_THREAD),
        null);
  }

  /** What the gRPC stub in order-service throws when inventory-service answers UNAVAILABLE. */
  static SimulatedException grpcUnavailable(String grpcMethod, String caller) {
    String stubMethod = Character.toLowerCase(grpcMethod.charAt(0)) + grpcMethod.substring(1);
    return new SimulatedException(
        "io.grpc.StatusRuntimeException",
        "UNAVAILABLE: stock cache unavailable",
        frames(
            new String[] {
              "io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)",
              "io.grpc.stub.ClientCalls.getUnchecked(ClientCalls.java:249)",
              "io.grpc.stub.ClientCalls.blockingUnaryCall(ClientCalls.java:167)",
              "io.shop.inventory.v1.InventoryServiceGrpc$InventoryServiceBlockingStub."
                  + stubMethod
                  + "(InventoryServiceGrpc.java:301)",
              "io.shop.order.client.InventoryClient." + stubMethod + "(InventoryClient.java:44)",
              caller,
            },
            SPRING_MVC_TO_THREAD),
        null);
  }

  static SimulatedException bankReadTimeout() {
    return new SimulatedException(
        "java.net.SocketTimeoutException",
        "Read timed out",
        frames(
            new String[] {
              "java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
              "java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)",
              "java.base/sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:346)",
              "java.base/sun.nio.ch.NioSocketImpl$1.read(NioSocketImpl.java:796)",
              "java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
              "java.base/sun.security.ssl.SSLSocketInputRecord.read(SSLSocketInputRecord.java:489)",
              "java.base/sun.security.ssl.SSLSocketImpl.readApplicationRecord(SSLSocketImpl.java:1461)",
              "java.base/sun.security.ssl.SSLSocketImpl$AppInputStream.read(SSLSocketImpl.java:1066)",
              "okio.InputStreamSource.read(JvmOkio.kt:93)",
              "okio.AsyncTimeout$source$1.read(AsyncTimeout.kt:153)",
              "okio.RealBufferedSource.indexOf(RealBufferedSource.kt:430)",
              "okhttp3.internal.http1.HeadersReader.readLine(HeadersReader.kt:29)",
              "okhttp3.internal.http1.Http1ExchangeCodec.readResponseHeaders(Http1ExchangeCodec.kt:180)",
              "okhttp3.internal.connection.Exchange.readResponseHeaders(Exchange.kt:110)",
              "okhttp3.internal.http.CallServerInterceptor.intercept(CallServerInterceptor.kt:93)",
              "okhttp3.internal.connection.RealCall.execute(RealCall.kt:154)",
              "io.payments.bank.BankCoreClient.authorize(BankCoreClient.java:64)",
              "io.payments.bank.AuthorizationController.authorize(AuthorizationController.java:39)",
            },
            SPRING_MVC_TO_THREAD),
        null);
  }

  static SimulatedException paymentFailed(String paymentId) {
    SimulatedException gatewayTimeout =
        new SimulatedException(
            "org.springframework.web.client.HttpServerErrorException$GatewayTimeout",
            "504 Gateway Timeout: \"{\"error\":\"bank-core did not answer within 3000 ms\"}\"",
            frames(
                new String[] {
                  "org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:112)",
                  "org.springframework.web.client.StatusHandler.lambda$defaultHandler$3(StatusHandler.java:89)",
                  "org.springframework.web.client.StatusHandler.handle(StatusHandler.java:146)",
                  "org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.applyStatusHandlers(DefaultRestClient.java:698)",
                  "io.payments.bank.BankGatewayClient.authorize(BankGatewayClient.java:58)",
                  "io.payments.service.PaymentService.authorize(PaymentService.java:126)",
                  "io.payments.service.PaymentService.process(PaymentService.java:77)",
                  "io.payments.web.PaymentController.create(PaymentController.java:45)",
                },
                SPRING_MVC_TO_THREAD),
            null);
    return new SimulatedException(
        "io.payments.service.PaymentProcessingException",
        "bank authorization failed for payment "
            + paymentId
            + " (bank-gateway answered 504 Gateway Timeout)",
        frames(
            new String[] {
              "io.payments.service.PaymentService.authorize(PaymentService.java:131)",
              "io.payments.service.PaymentService.process(PaymentService.java:77)",
              "io.payments.web.PaymentController.create(PaymentController.java:45)",
            },
            SPRING_MVC_TO_THREAD),
        gatewayTimeout);
  }

  static SimulatedException paymentBadGateway() {
    return new SimulatedException(
        "org.springframework.web.client.HttpServerErrorException$BadGateway",
        "502 Bad Gateway: \"{\"error\":\"payment authorization failed\"}\"",
        frames(
            new String[] {
              "org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:104)",
              "org.springframework.web.client.StatusHandler.lambda$defaultHandler$3(StatusHandler.java:89)",
              "org.springframework.web.client.StatusHandler.handle(StatusHandler.java:146)",
              "org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.applyStatusHandlers(DefaultRestClient.java:698)",
              "io.shop.order.client.PaymentClient.charge(PaymentClient.java:51)",
              "io.shop.order.service.OrderService.createOrder(OrderService.java:127)",
              "io.shop.order.web.OrderController.createOrder(OrderController.java:57)",
            },
            SPRING_MVC_TO_THREAD),
        null);
  }

  static SimulatedException inferenceTimeout() {
    return new SimulatedException(
        "java.net.http.HttpTimeoutException",
        "request timed out",
        frames(
            new String[] {
              "java.net.http/jdk.internal.net.http.HttpClientImpl.send(HttpClientImpl.java:950)",
              "java.net.http/jdk.internal.net.http.HttpClientFacade.send(HttpClientFacade.java:133)",
              "io.payments.risk.llm.OllamaClient.chat(OllamaClient.java:88)",
              "io.payments.risk.engine.LlmRiskScorer.score(LlmRiskScorer.java:61)",
              "io.payments.risk.engine.RiskEngine.evaluate(RiskEngine.java:73)",
              "io.payments.risk.grpc.RiskGrpcService.evaluate(RiskGrpcService.java:34)",
            },
            GRPC_SERVER_TO_THREAD),
        null);
  }

  private static StackTraceElement[] frames(String[] top, String[] bottom) {
    String[] all = Arrays.copyOf(top, top.length + bottom.length);
    System.arraycopy(bottom, 0, all, top.length, bottom.length);
    StackTraceElement[] frames = new StackTraceElement[all.length];
    for (int i = 0; i < all.length; i++) {
      frames[i] = frame(all[i]);
    }
    return frames;
  }

  /** Parses the {@code [module/]class.method(File.java:line)} notation of a printed stack frame. */
  static StackTraceElement frame(String printed) {
    int open = printed.lastIndexOf('(');
    int close = printed.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a stack frame: " + printed);
    }
    String qualified = printed.substring(0, open);
    String module = null;
    int slash = qualified.indexOf('/');
    if (slash >= 0) {
      module = qualified.substring(0, slash);
      qualified = qualified.substring(slash + 1);
    }
    int dot = qualified.lastIndexOf('.');
    String declaringClass = qualified.substring(0, dot);
    String method = qualified.substring(dot + 1);
    String location = printed.substring(open + 1, close);
    String file = location;
    int line = -1;
    int colon = location.lastIndexOf(':');
    if (colon >= 0) {
      file = location.substring(0, colon);
      line = Integer.parseInt(location.substring(colon + 1));
    }
    if ("Unknown Source".equals(file)) {
      file = null;
    }
    return new StackTraceElement(null, module, null, declaringClass, method, file, line);
  }
}
