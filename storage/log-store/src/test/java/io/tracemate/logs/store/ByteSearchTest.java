package io.tracemate.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSearchTest {

  private static int find(String haystack, String needle, int from, int to) {
    return new ByteSearch(needle.getBytes(StandardCharsets.UTF_8))
        .indexOf(haystack.getBytes(StandardCharsets.UTF_8), from, to);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hello world|world|0|11|6",
        "hello world|world|0|10|-1",
        "hello world|hello|1|11|-1",
        "hello world|o|5|11|7",
        "aaaaaaaaaaaaaaaaaaab|ab|0|20|18",
        "0123456789abcdefXYZ|XYZ|0|19|16",
        "0123456789abcdefXYZ|Z|17|19|18",
        "short|longer than haystack|0|5|-1",
        "ab|ab|0|2|0",
        "x|x|1|1|-1"
      })
  void findsTheFirstOccurrenceInsideTheWindow(
      String haystack, String needle, int from, int to, int expected) {
    assertThat(find(haystack, needle, from, to)).isEqualTo(expected);
  }

  @Test
  void findsMultiByteNeedlesOnCharacterBoundaries() {
    String haystack = "prix: 12 € — ünïcödé ✓ 🎉 fin";
    byte[] bytes = haystack.getBytes(StandardCharsets.UTF_8);
    for (String needle : new String[] {"€", "ünï", "✓ 🎉", "🎉 fin", "—"}) {
      int expected =
          haystack.substring(0, haystack.indexOf(needle)).getBytes(StandardCharsets.UTF_8).length;
      assertThat(
              new ByteSearch(needle.getBytes(StandardCharsets.UTF_8))
                  .indexOf(bytes, 0, bytes.length))
          .as(needle)
          .isEqualTo(expected);
    }
  }

  @Test
  void agreesWithANaiveSearchOnRandomInput() {
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 2000; round++) {
      byte[] haystack = new byte[random.nextInt(0, 80)];
      for (int i = 0; i < haystack.length; i++) {
        haystack[i] = (byte) "abcXe\" ".charAt(random.nextInt(7));
      }
      byte[] needle = new byte[random.nextInt(1, 4)];
      for (int i = 0; i < needle.length; i++) {
        needle[i] = (byte) "abcXe\" ".charAt(random.nextInt(7));
      }
      int from = haystack.length == 0 ? 0 : random.nextInt(haystack.length + 1);
      int to = random.nextInt(from, haystack.length + 1);
      assertThat(new ByteSearch(needle).indexOf(haystack, from, to))
          .isEqualTo(naive(haystack, needle, from, to));
    }
  }

  private static int naive(byte[] haystack, byte[] needle, int from, int to) {
    outer:
    for (int start = from; start + needle.length <= to; start++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[start + j] != needle[j]) {
          continue outer;
        }
      }
      return start;
    }
    return -1;
  }
}
