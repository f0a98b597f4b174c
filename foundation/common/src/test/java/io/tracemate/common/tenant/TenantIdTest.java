package io.tracemate.common.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantIdTest {
  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "fake",
        "a",
        "Z",
        "0",
        "team-a",
        "team_a",
        "Team.A",
        "...",
        ".a",
        "a..",
        "!",
        "*",
        "'quoted'",
        "(paren)",
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!-_.*'()"
      })
  void acceptsWhatLokiAccepts(String value) {
    assertThat(TenantId.parse(value).value()).isEqualTo(value);
    assertThat(TenantId.isValid(value)).isTrue();
  }

  @Test
  void acceptsExactly150Characters() {
    String longest = "x".repeat(TenantId.MAX_BYTES);
    assertThat(TenantId.parse(longest).value()).hasSize(150);
    assertThatThrownBy(() -> TenantId.parse(longest + "x"))
        .isInstanceOf(InvalidTenantException.class)
        .hasMessage("tenant ID of 151 bytes is too long: " + TenantId.RULE);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '"',
      value = {
        "a|b # tenant ID 'a|b' has the character '|' at position 2",
        "team a # tenant ID 'team a' has the character U+0020 at position 5",
        "a/b # tenant ID 'a/b' has the character '/' at position 2",
        "a\\b # tenant ID 'a\\b' has the character '\\' at position 2",
        "tenant:1 # tenant ID 'tenant:1' has the character ':' at position 7",
        "a,b # tenant ID 'a,b' has the character ',' at position 2",
        "über # tenant ID '\\u00FCber' has the character U+00FC at position 1",
        ". # tenant ID '.' is not allowed",
        ".. # tenant ID '..' is not allowed",
      })
  void refusesNamingTheRule(String value, String problem) {
    assertThatThrownBy(() -> TenantId.parse(value))
        .isInstanceOf(InvalidTenantException.class)
        .hasMessage(problem + ": " + TenantId.RULE);
    assertThat(TenantId.isValid(value)).isFalse();
  }

  @Test
  void refusesEmptyAndNull() {
    assertThatThrownBy(() -> TenantId.parse("")).hasMessage("empty tenant ID: " + TenantId.RULE);
    assertThatThrownBy(() -> TenantId.parse(null)).hasMessage("empty tenant ID: " + TenantId.RULE);
  }

  @Test
  void controlCharactersAreNamedNotPrinted() {
    assertThatThrownBy(() -> TenantId.parse("a\nb"))
        .hasMessageStartingWith("tenant ID 'a\\u000Ab' has the character U+000A at position 2");
  }

  @Test
  void aLongBadValueIsQuotedOnlyInPart() {
    String hostile = "x".repeat(5000) + "/";
    assertThatThrownBy(() -> TenantId.parse(hostile))
        .hasMessage(
            "tenant ID starting '"
                + "x".repeat(40)
                + "...' has the character '/' at position 5001: "
                + TenantId.RULE);
  }

  @Test
  void theDefaultIsLokisFake() {
    assertThat(TenantId.DEFAULT.value()).isEqualTo("fake");
    assertThat(TenantId.DEFAULT).isEqualTo(TenantId.parse("fake"));
  }

  @Test
  void isCaseSensitive() {
    assertThat(TenantId.parse("Team")).isNotEqualTo(TenantId.parse("team"));
  }
}
