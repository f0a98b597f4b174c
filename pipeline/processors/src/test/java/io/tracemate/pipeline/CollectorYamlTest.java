package io.tracemate.pipeline;

import static io.tracemate.pipeline.TestSpans.attr;
import static io.tracemate.pipeline.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the server will do: read a YAML processors section (pasted from a collector) into the config records. */
class CollectorYamlTest {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static TestPipeline load(String yaml) throws Exception {
    JsonNode processors = YAML.readTree(yaml).get("processors");
    List<NamedProcessorConfig> configs = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : processors.properties()) {
      configs.add(
          new NamedProcessorConfig(
              e.getKey(), YAML.treeToValue(e.getValue(), PipelineFactory.configClass(e.getKey()))));
    }
    return TestPipeline.of(PipelineFactory.create(configs));
  }

  @Test
  void theCollectorsAttributesExamplePastesAsIs() throws Exception {
    TestPipeline pipeline =
        load(
            """
        processors:
          attributes/example:
            include:
              match_type: regexp
              services: ["^check"]
              regexp:
                cacheenabled: true
            actions:
              - key: db.table
                action: delete
              - key: redacted_span
                value: true
                action: upsert
              - key: copy_key
                from_attribute: key_original
                action: update
              - key: account_id
                value: 2245
                action: insert
              - key: account_password
                action: delete
              - key: account_email
                action: hash
              - key: http.status_code
                action: convert
                converted_type: int
              - key: region
                from_attribute: cloud.region
                default_value: "us-east-1"
                action: insert
          semantic_alignment:
            shipped_table: true
          redaction/pii:
            allow_all_keys: true
            blocked_key_patterns: [".*token.*"]
            summary: info
        """);
    Span in =
        span(
            Attribute.of("db.table", "orders"),
            Attribute.of("account_password", "hunter2"),
            Attribute.of("account_email", "abc"),
            Attribute.of("http.status_code", "503"),
            Attribute.of("copy_key", "x"),
            Attribute.of("key_original", "y"),
            Attribute.of("auth_token", "t"));

    Span out = pipeline.processOne(in);

    assertThat(pipeline.processorNames())
        .containsExactly("attributes/example", "semantic_alignment", "redaction/pii");
    assertThat(attr(out, "db.table")).isNull();
    assertThat(attr(out, "account_password")).isNull();
    assertThat(attr(out, "redacted_span")).isEqualTo(AttributeValue.of(true));
    assertThat(attr(out, "copy_key")).isEqualTo(AttributeValue.of("y"));
    assertThat(attr(out, "account_id")).isEqualTo(AttributeValue.of(2245L));
    assertThat(attr(out, "account_email").asText()).startsWith("ba7816bf");
    assertThat(attr(out, "region")).isEqualTo(AttributeValue.of("us-east-1"));
    assertThat(attr(out, "http.response.status_code")).isEqualTo(AttributeValue.of(503L));
    assertThat(attr(out, "auth_token")).isEqualTo(AttributeValue.of("****"));
    assertThat(attr(out, "redaction.masked.count")).isEqualTo(AttributeValue.of(1L));
  }
}
