package io.tracemate.querysupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cursor under a toy language of words and parentheses, so the limits are tested apart from LogQL and PromQL. */
class TokenCursorTest {

  enum Kind {
    WORD,
    OPEN,
    CLOSE,
    EOF
  }

  record Word(Kind type, int offset) implements Lexeme<Kind> {}

  static final class ToyError extends QueryParseException {
    ToyError(String source, int offset, String detail, String limit) {
      super(detail, detail, SourcePosition.countingChars(source, offset), limit);
    }
  }

  static final class ToyCursor extends TokenCursor<Kind, Word, ToyError> {
    ToyCursor(String source, ParseLimits limits) {
      super(source, limits, ToyCursor::lex, ToyError::new, "parentheses");
    }

    static List<Word> lex(String source) {
      List<Word> words = new ArrayList<>();
      for (int i = 0; i < source.length(); i++) {
        char c = source.charAt(i);
        if (c == '(') {
          words.add(new Word(Kind.OPEN, i));
        } else if (c == ')') {
          words.add(new Word(Kind.CLOSE, i));
        } else if (c != ' ' && (i == 0 || !Character.isLetter(source.charAt(i - 1)))) {
          words.add(new Word(Kind.WORD, i));
        }
      }
      words.add(new Word(Kind.EOF, source.length()));
      return words;
    }

    /** {@code (...)} nested, each level through the depth guard, as a recursive parser would. */
    int group() {
      descend();
      try {
        int depth = 1;
        if (accept(Kind.OPEN)) {
          depth += group();
          accept(Kind.CLOSE);
        } else {
          next();
        }
        return depth;
      } finally {
        ascend();
      }
    }
  }

  @Test
  void peeksConsumesAndStaysAtTheEnd() {
    ToyCursor cursor = new ToyCursor("a (b)", ParseLimits.DEFAULTS);
    assertThat(cursor.peek(2)).isEqualTo(new Word(Kind.WORD, 3));
    assertThat(cursor.peek(99).type()).isEqualTo(Kind.EOF);
    assertThat(cursor.accept(Kind.OPEN)).isFalse();
    assertThat(cursor.next()).isEqualTo(new Word(Kind.WORD, 0));
    assertThat(cursor.previous()).isEqualTo(new Word(Kind.WORD, 0));
    assertThat(cursor.accept(Kind.OPEN)).isTrue();
    cursor.next();
    cursor.next();
    assertThat(cursor.at(Kind.EOF)).isTrue();
    assertThat(cursor.next().type()).isEqualTo(Kind.EOF);
    assertThat(cursor.next().type()).isEqualTo(Kind.EOF);
  }

  @Test
  void aQueryOverTheSizeLimitIsRefusedBeforeItIsLexed() {
    ParseLimits limits = new ParseLimits(8, 16);
    assertThat(new ToyCursor("aaaaaaaa", limits).source()).isEqualTo("aaaaaaaa");
    assertThatThrownBy(() -> new ToyCursor("ééééé", limits)) // 5 characters, 10 bytes
        .isInstanceOfSatisfying(
            ToyError.class,
            e -> {
              assertThat(e.limit()).contains(ParseLimits.MAX_QUERY_SIZE);
              assertThat(e.detail())
                  .isEqualTo("the query is too long (10 bytes, limit: 8 bytes) (max_query_size)");
              assertThat(e.offset()).isZero();
            });
    assertThatThrownBy(() -> new ToyCursor("a".repeat(1000), limits))
        .hasMessageContaining("(1000 bytes, limit: 8 bytes)");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedWhereItWentOver() {
    ParseLimits limits = new ParseLimits(1024, 3);
    assertThat(new ToyCursor("((a))", limits).group()).isEqualTo(3);
    assertThatThrownBy(() -> new ToyCursor("(((a)))", limits).group())
        .isInstanceOfSatisfying(
            ToyError.class,
            e -> {
              assertThat(e.limit()).contains(ParseLimits.MAX_QUERY_DEPTH);
              assertThat(e.detail())
                  .isEqualTo(
                      "the query is nested too deeply (more than 3 levels of parentheses) (max_query_depth)");
              assertThat(e.offset()).isEqualTo(3);
            });
  }
}
