package io.tracemate.codec.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logs.model.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelStringTest {

  @Test
  void parsesEscapesAndWhitespace() {
    LabelSet labels =
        LabelString.parse(" { app = \"web\",msg=\"say \\\"hi\\\"\\n\\\\ \\u00e9\", _x1=\"\" , } ");

    assertThat(labels).isEqualTo(LabelSet.of("app", "web", "msg", "say \"hi\"\n\\ é", "_x1", ""));
  }

  @Test
  void roundTripsLabelSetToString() {
    LabelSet labels = LabelSet.of("job", "a\tb", "env", "q\"uote\\");
    assertThat(LabelString.parse(labels.toString())).isEqualTo(labels);
  }

  @Test
  void emptyBracesAreNoLabels() {
    assertThat(LabelString.parse("{}")).isEqualTo(LabelSet.EMPTY);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "app=\"web\"| expected '{' at position 0",
        "{app=\"web\"| unexpected end of labels at position 10",
        "{app=web}| expected '\"' at position 5",
        "{1app=\"x\"}| expected a label name at position 1",
        "{app=\"x\" env=\"y\"}| expected ',' or '}' at position 9",
        "{app=\"x\\q\"}| unknown escape '\\q' at position 7",
        "{app=\"x\"} tail| unexpected text after '}' at position 10",
        "{a=\"1\",a=\"2\"}| duplicate label name 'a'"
      })
  void errorsSayWhatAndWhere(String text, String problem) {
    assertThatThrownBy(() -> LabelString.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid labels '" + text + "': ")
        .hasMessageEndingWith(problem);
  }
}
