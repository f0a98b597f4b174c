package io.tracemate.http.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.http.support.BadRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagFiltersTest {

  @Test
  void jsonObjectOfStrings() {
    assertThat(
            TagFilters.parse(
                List.of(), List.of("{\"http.status_code\":\"500\",\"error\":\"true\"}")))
        .containsExactly(Map.entry("http.status_code", "500"), Map.entry("error", "true"));
  }

  @Test
  void jsonNumbersAndBooleansAreTakenAsText() {
    assertThat(
            TagFilters.parse(List.of(), List.of(" {\"code\":500,\"error\":true,\"ratio\":0.5} ")))
        .containsExactly(
            Map.entry("code", "500"), Map.entry("error", "true"), Map.entry("ratio", "0.5"));
  }

  @Test
  void jsonWithNestedValuesIsRejected() {
    assertThatThrownBy(() -> TagFilters.parse(List.of(), List.of("{\"a\":{\"b\":\"c\"}}")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'tags'")
        .hasMessageContaining("value of 'a' must be a string");
    assertThatThrownBy(() -> TagFilters.parse(List.of(), List.of("{\"a\":null}")))
        .hasMessageContaining("value of 'a' must be a string");
  }

  @Test
  void brokenJsonIsRejectedWithWhere() {
    assertThatThrownBy(() -> TagFilters.parse(List.of(), List.of("{\"a\":\"b\"")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("malformed 'tags' parameter, cannot parse JSON")
        .hasMessageContaining("column");
  }

  @Test
  void logfmtPairs() {
    assertThat(TagFilters.parse(List.of(), List.of("error=true  http.method=GET")))
        .containsExactly(Map.entry("error", "true"), Map.entry("http.method", "GET"));
  }

  @Test
  void logfmtQuotedValuesAndEscapes() {
    assertThat(
            TagFilters.parse(
                List.of(), List.of("msg=\"hello world\" q=\"say \\\"hi\\\"\" empty= last=\"\"")))
        .containsExactly(
            Map.entry("msg", "hello world"),
            Map.entry("q", "say \"hi\""),
            Map.entry("empty", ""),
            Map.entry("last", ""));
  }

  @Test
  void logfmtErrorsSayWhere() {
    assertThatThrownBy(() -> TagFilters.parse(List.of(), List.of("a=1 bare")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'bare' at position 4 is not key=value");
    assertThatThrownBy(() -> TagFilters.parse(List.of(), List.of("a=\"open")))
        .hasMessageContaining("quote opened at position 2 for 'a' is never closed");
    assertThatThrownBy(() -> TagFilters.parse(List.of(), List.of("=v")))
        .hasMessageContaining("position 0 is not key=value");
    assertThatThrownBy(() -> TagFilters.parse(List.of(), List.of("a=\"x\"y")))
        .hasMessageContaining("expected a space after the quoted value of 'a'");
  }

  @Test
  void legacyTagSplitsAtFirstColon() {
    assertThat(TagFilters.parse(List.of("http.url:http://x:8080/a", "k:"), List.of()))
        .containsExactly(Map.entry("http.url", "http://x:8080/a"), Map.entry("k", ""));
  }

  @Test
  void legacyTagWithoutColonIsRejected() {
    assertThatThrownBy(() -> TagFilters.parse(List.of("nocolon"), List.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("malformed 'tag' parameter, expecting key:value, received: nocolon");
    assertThatThrownBy(() -> TagFilters.parse(List.of(":v"), List.of()))
        .hasMessageContaining("received: :v");
  }

  @Test
  void repeatedParametersMergeAndTagsOverrideTag() {
    assertThat(
            TagFilters.parse(
                List.of("a:from-tag", "b:2"), List.of("{\"a\":\"from-json\"}", "c=3", "")))
        .containsExactly(Map.entry("a", "from-json"), Map.entry("b", "2"), Map.entry("c", "3"));
  }
}
