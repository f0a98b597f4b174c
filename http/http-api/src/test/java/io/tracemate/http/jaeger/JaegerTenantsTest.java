package io.tracemate.http.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Jaeger APIs read the request's tenants: one tenant sees its traces only and answers as before; a
 * cross-tenant read ({@code X-Scope-OrgID: a|b}) says whose each trace is with a {@code tenant} process tag (v1)
 * or resource attribute (api_v3), and each trace summary with a {@code tenant} field. Served here without the
 * access decorator, so the header is read directly.
 */
class JaegerTenantsTest {
  private static final InMemoryTraceStore STORE = new InMemoryTraceStore();
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final JaegerApiServer SERVER = new JaegerApiServer(STORE);

  @BeforeAll
  static void store() {
    STORE.clear();
    // TRACE_A for both tenants: two traces, one per tenant.
    STORE.add(TenantId.parse("acme"), List.of(TestTraces.root(), TestTraces.child()));
    STORE.add(TenantId.parse("globex"), List.of(TestTraces.grandchild(), TestTraces.cRoot()));
  }

  private static JsonNode get(String tenant, String path) throws Exception {
    com.linecorp.armeria.common.RequestHeadersBuilder headers =
        RequestHeaders.builder(HttpMethod.GET, path);
    if (tenant != null) {
      headers.add("X-Scope-OrgID", tenant);
    }
    AggregatedHttpResponse response =
        WebClient.of(SERVER.httpUri()).execute(headers.build()).aggregate().join();
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    return JSON.readTree(response.contentUtf8());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.asText()));
    return out;
  }

  /** The {@code tenant} process tag of each trace in a v1 answer, or "-" for a trace without one. */
  private static List<String> tenantTags(JsonNode data) {
    List<String> tenants = new ArrayList<>();
    for (JsonNode trace : data) {
      String tenant = "-";
      for (JsonNode tag : trace.get("processes").elements().next().get("tags")) {
        if (tag.get("key").asText().equals("tenant")) {
          tenant = tag.get("value").asText();
        }
      }
      tenants.add(tenant);
    }
    return tenants;
  }

  @Test
  void aTenantSeesItsOwnServicesAndTracesOnly() throws Exception {
    assertThat(texts(get("acme", "/api/services").get("data")))
        .containsExactly("driver", "frontend");
    assertThat(texts(get("globex", "/api/services").get("data")))
        .containsExactly("OTLPResourceNoServiceName", "frontend");
    assertThat(texts(get(null, "/api/services").get("data"))).isEmpty();

    JsonNode acmeTrace = get("acme", "/api/traces/" + TestTraces.TRACE_A.toHex()).get("data");
    assertThat(acmeTrace).hasSize(1);
    assertThat(acmeTrace.get(0).get("spans")).hasSize(2);
    assertThat(tenantTags(acmeTrace)).containsExactly("-");
    String driverSearch = "/api/traces?service=driver&lookback=2d";
    assertThat(get("acme", driverSearch).get("data")).hasSize(1);
    assertThat(get("globex", driverSearch).get("data")).isEmpty();
    assertThat(get("globex", "/api/services/driver/operations").get("data")).isEmpty();
  }

  @Test
  void aCrossTenantReadReturnsOneTracePerTenantEachTaggedWithItsTenant() throws Exception {
    JsonNode both = get("globex|acme", "/api/traces/" + TestTraces.TRACE_A.toHex()).get("data");

    assertThat(both).hasSize(2);
    assertThat(tenantTags(both)).containsExactly("acme", "globex");
    assertThat(both.get(0).get("spans")).hasSize(2);
    assertThat(both.get(1).get("spans")).hasSize(1);
    assertThat(texts(get("acme|globex", "/api/services").get("data")))
        .containsExactly("OTLPResourceNoServiceName", "driver", "frontend");
  }

  @Test
  void apiV3ShowsTheTenantAsAResourceAttributeInCrossTenantAnswersOnly() throws Exception {
    String path = "/api/v3/traces/" + TestTraces.TRACE_A.toHex();

    JsonNode single = get("acme", path);
    JsonNode both = get("acme|globex", path);

    assertThat(single.toString()).doesNotContain("\"tenant\"");
    List<String> tenants = new ArrayList<>();
    for (JsonNode resourceSpans : both.get("result").get("resourceSpans")) {
      for (JsonNode attribute : resourceSpans.get("resource").get("attributes")) {
        if (attribute.get("key").asText().equals("tenant")) {
          tenants.add(attribute.get("value").get("stringValue").asText());
        }
      }
    }
    // acme's trace has two resources (frontend, driver), globex's one
    assertThat(tenants).containsExactly("acme", "acme", "globex");
  }

  @Test
  void traceSummariesSayWhoseEachTraceIsInCrossTenantAnswersOnly() throws Exception {
    String path =
        "/api/v3/trace-summaries?query.startTimeMin="
            + TestTraces.NOW.minus(Duration.ofDays(2))
            + "&query.startTimeMax="
            + TestTraces.NOW
            + "&query.serviceName=frontend";

    JsonNode acme = get("acme", path).get("summaries");
    JsonNode both = get("globex|acme", path).get("summaries");

    assertThat(acme).hasSize(1);
    assertThat(acme.get(0).has("tenant")).isFalse();
    assertThat(acme.get(0).get("spanCount").asInt()).isEqualTo(2);
    assertThat(both).hasSize(2);
    Map<String, JsonNode> byTenant = new HashMap<>();
    both.forEach(summary -> byTenant.put(summary.get("tenant").asText(), summary));
    assertThat(byTenant.keySet()).containsExactlyInAnyOrder("acme", "globex");
    assertThat(byTenant.get("acme"))
        .isEqualTo(((ObjectNode) acme.get(0)).deepCopy().put("tenant", "acme"));
    // globex's span of the shared trace ID is a trace of its own, whose parent is in acme's
    JsonNode globex = byTenant.get("globex");
    assertThat(globex.get("traceId").asText()).isEqualTo(TestTraces.TRACE_A.toHex());
    assertThat(globex.get("spanCount").asInt()).isEqualTo(1);
    assertThat(globex.get("orphanSpanCount").asInt()).isEqualTo(1);
  }

  @Test
  void anInvalidTenantIs400InJaegersEnvelope() {
    AggregatedHttpResponse response =
        WebClient.of(SERVER.httpUri())
            .execute(
                RequestHeaders.builder(HttpMethod.GET, "/api/services")
                    .add("X-Scope-OrgID", "a/b")
                    .build())
            .aggregate()
            .join();

    assertThat(response.status().code()).isEqualTo(400);
    assertThat(response.contentUtf8()).contains("\"errors\"").contains("X-Scope-OrgID");
  }
}
