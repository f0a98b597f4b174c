package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Every replica of every simulated service, each with its own {@link SdkTracerProvider},
 * {@link Resource} and OTLP/gRPC exporter behind a {@link BatchSpanProcessor}, and its own
 * {@link LogChannel}.
 *
 * <p>Thread-safe for {@link #pick}; {@link #close()} flushes and shuts every SDK down.
 */
final class SimulatedFleet implements AutoCloseable {

  /** Kubernetes' "safe" alphabet for generated pod name suffixes. */
  private static final String POD_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

  private final Map<DemoService, List<ServiceInstance>> instances =
      new EnumMap<>(DemoService.class);
  private final LongAdder spansExported = new LongAdder();
  private final LongAdder spansFailed = new LongAdder();
  private final LogCounters logCounters = new LogCounters();

  SimulatedFleet(DemoOptions options, SimulatedClock clock) {
    // Pod names derive from the seed so that a given seed always shows the same cluster.
    Random naming = new Random(options.seed() ^ 0x5DEECE66DL);
    int nodeCounter = 1;
    for (DemoService service : DemoService.values()) {
      List<ServiceInstance> replicas = new ArrayList<>(service.replicas());
      String replicaSetHash = randomSuffix(naming, 10);
      for (int replica = 0; replica < service.replicas(); replica++) {
        String podName =
            service.serviceName() + "-" + replicaSetHash + "-" + randomSuffix(naming, 5);
        String podIp = "10.42." + (nodeCounter % 8) + "." + (10 + naming.nextInt(240));
        String nodeName =
            service == DemoService.RISK_CONTROL
                ? "gpu-node-01"
                : service.nodePool() + "-" + (nodeCounter++ % 4 + 1);
        Resource resource = resource(options, service, podName, nodeName, naming);
        replicas.add(
            new ServiceInstance(
                service,
                podName,
                podIp,
                provider(options, clock, resource),
                logs(options, clock, service, podName, resource)));
      }
      instances.put(service, List.copyOf(replicas));
    }
  }

  /** A replica of {@code service}, chosen the way a round-robin-ish load balancer would. */
  ServiceInstance pick(DemoService service, RandomGenerator random) {
    List<ServiceInstance> replicas = instances.get(service);
    return replicas.get(replicas.size() == 1 ? 0 : random.nextInt(replicas.size()));
  }

  List<ServiceInstance> all() {
    return instances.values().stream().flatMap(List::stream).toList();
  }

  long spansExported() {
    return spansExported.sum();
  }

  long spansFailed() {
    return spansFailed.sum();
  }

  DemoStats.LogStats logStats() {
    return logCounters.snapshot();
  }

  /** Exports whatever the batch processors hold; waits at most {@code timeout}. */
  boolean flush(Duration timeout) {
    List<CompletableResultCode> results = new ArrayList<>();
    for (ServiceInstance instance : all()) {
      results.add(instance.provider().forceFlush());
      results.add(instance.logs().flush());
    }
    return CompletableResultCode.ofAll(results)
        .join(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .isSuccess();
  }

  @Override
  public void close() {
    List<CompletableResultCode> results = new ArrayList<>();
    for (ServiceInstance instance : all()) {
      results.add(instance.provider().shutdown());
    }
    // The SDK shuts down in the background meanwhile; a loki4j appender drains synchronously.
    for (ServiceInstance instance : all()) {
      results.add(instance.logs().shutdown());
    }
    CompletableResultCode.ofAll(results).join(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private SdkTracerProvider provider(DemoOptions options, SimulatedClock clock, Resource resource) {
    OtlpGrpcSpanExporter otlp =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(options.otlpEndpoint())
            .setTimeout(Duration.ofSeconds(10))
            .build();
    BatchSpanProcessor processor =
        BatchSpanProcessor.builder(CountingExporters.spans(otlp, spansExported, spansFailed))
            .setScheduleDelay(Duration.ofMillis(500))
            .setMaxQueueSize(16_384)
            .setMaxExportBatchSize(512)
            .setExporterTimeout(Duration.ofSeconds(10))
            .build();
    return SdkTracerProvider.builder()
        .setResource(resource)
        .setClock(clock)
        .addSpanProcessor(processor)
        .build();
  }

  /**
   * The replica's log channel: loki4j for the services that push to Loki (when a Loki endpoint is
   * configured), otherwise its own logs SDK exporting OTLP next to its traces.
   */
  private LogChannel logs(
      DemoOptions options,
      SimulatedClock clock,
      DemoService service,
      String podName,
      Resource resource) {
    if (!options.logsEnabled()) {
      return LogChannel.Disabled.INSTANCE;
    }
    LokiLogChannel.Format lokiFormat = ServiceLogging.lokiFormat(service);
    if (lokiFormat != null && options.lokiEndpoint() != null) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("app", service.serviceName());
      labels.put("namespace", service.namespace());
      labels.put("env", options.environment());
      labels.put("pod", podName);
      return new LokiLogChannel(options.lokiPushUrl(), podName, labels, lokiFormat, logCounters);
    }
    return new OtlpLogChannel(options.otlpEndpoint(), resource, clock, logCounters);
  }

  private static Resource resource(
      DemoOptions options, DemoService service, String podName, String nodeName, Random naming) {
    AttributesBuilder attributes =
        Attributes.builder()
            .put("service.name", service.serviceName())
            .put("service.namespace", service.namespace())
            .put("service.version", service.version())
            .put("service.instance.id", uuid(naming))
            .put("deployment.environment", options.environment())
            .put("deployment.environment.name", options.environment())
            .put("host.name", podName)
            .put("host.arch", "amd64")
            .put("os.type", "linux")
            .put("k8s.cluster.name", options.environment() + "-cluster")
            .put("k8s.namespace.name", service.namespace())
            .put("k8s.deployment.name", service.serviceName())
            .put("k8s.pod.name", podName)
            .put("k8s.node.name", nodeName)
            .put("container.name", service.serviceName())
            .put("process.runtime.name", "OpenJDK Runtime Environment")
            .put("process.runtime.version", "21.0.5+11-LTS")
            .put("telemetry.distro.name", "opentelemetry-java-instrumentation")
            .put("telemetry.distro.version", Instrumentation.AGENT_VERSION);
    // getDefault() contributes telemetry.sdk.{name,language,version} of the real SDK in use.
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  private static String randomSuffix(Random random, int length) {
    StringBuilder suffix = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      suffix.append(POD_SUFFIX_ALPHABET.charAt(random.nextInt(POD_SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }

  private static String uuid(Random random) {
    return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
  }
}
