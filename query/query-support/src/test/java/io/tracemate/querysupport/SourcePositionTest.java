package io.tracemate.querysupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourcePositionTest {

  @Test
  void linesAndColumnsAreOneBasedAndTheOffsetIsKept() {
    String query = "sum(\n  rate(x[5m])\n)";
    int offset = query.indexOf("rate");
    assertThat(SourcePosition.countingChars(query, offset))
        .isEqualTo(new SourcePosition(2, 3, offset));
    assertThat(SourcePosition.countingUtf8Bytes(query, offset))
        .isEqualTo(new SourcePosition(2, 3, offset));
    assertThat(SourcePosition.countingChars(query, 0)).isEqualTo(new SourcePosition(1, 1, 0));
  }

  @Test
  void lokiCountsCharactersWherePrometheusCountsUtf8Bytes() {
    String query = "{app=\"é€\"} |= x";
    int offset = query.indexOf('}');
    assertThat(SourcePosition.countingChars(query, offset).column()).isEqualTo(offset + 1);
    assertThat(SourcePosition.countingUtf8Bytes(query, offset).column())
        .isEqualTo(offset + 1 + 1 + 2);
  }

  @Test
  void theEndOfTheQueryIsAPosition() {
    String query = "a\nbc";
    assertThat(SourcePosition.countingChars(query, query.length()))
        .isEqualTo(new SourcePosition(2, 3, 4));
    assertThat(SourcePosition.countingUtf8Bytes(query, query.length() + 5))
        .isEqualTo(new SourcePosition(2, 3, 4));
  }
}
