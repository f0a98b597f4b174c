package io.tracemate.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The inputs a {@link FuzzTarget} tries: a seed of its corpus, unchanged or with up to {@value #MAX_MUTATIONS}
 * edits ({@link Mutation}): bit flips, truncation, deletion, splices with another seed, repeated slices, and
 * insertions of hostile values (huge numbers and lengths, overlong and invalid UTF-8, protobuf tags of every wire
 * type with lengths past the body, JSON escapes, structural characters repeated into deep nesting) and of the
 * target's own tokens. jqwik shrinks a falsifying mutant towards fewer and smaller edits of the first seeds.
 */
public final class Mutants {
  static final int MAX_MUTATIONS = 6;

  private static final List<byte[]> HOSTILE = hostile();

  private Mutants() {}

  /** Mutants of the corpus's seeds with the hostile values alone. */
  public static Arbitrary<Mutant> of(SeedCorpus corpus) {
    return of(corpus, List.of());
  }

  /**
   * Mutants of the corpus's seeds, inserting the hostile values and {@code tokens} (a language's keywords and
   * operators, a format's field names), which let a grammar-blind edit reach deeper into a parser.
   */
  public static Arbitrary<Mutant> of(SeedCorpus corpus, List<String> tokens) {
    List<SeedCorpus.Seed> seeds = corpus.seeds();
    List<byte[]> insertions = new ArrayList<>(HOSTILE);
    tokens.forEach(token -> insertions.add(token.getBytes(StandardCharsets.UTF_8)));
    Arbitrary<Integer> position = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    Arbitrary<Integer> length =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.integers().between(1, 16)),
            Tuple.of(1, Arbitraries.integers().between(17, 4096)));
    Arbitrary<Integer> times =
        Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.just(1)),
            Tuple.of(4, Arbitraries.integers().between(2, 64)),
            Tuple.of(1, Arbitraries.integers().between(65, 20_000)));
    Arbitrary<byte[]> insertion = Arbitraries.of(insertions);
    Arbitrary<byte[]> otherSeed = Arbitraries.of(seeds).map(SeedCorpus.Seed::bytes);

    Arbitrary<Mutation> flip =
        Combinators.combine(position, Arbitraries.integers().between(1, 255))
            .as(Mutation.FlipBits::new);
    Arbitrary<Mutation> truncate = position.map(Mutation.Truncate::new);
    Arbitrary<Mutation> delete = Combinators.combine(position, length).as(Mutation.Delete::new);
    Arbitrary<Mutation> insert =
        Combinators.combine(position, insertion, times).as(Mutation.Insert::new);
    Arbitrary<Mutation> repeat =
        Combinators.combine(position, length, times).as(Mutation.Repeat::new);
    Arbitrary<Mutation> splice =
        Combinators.combine(position, otherSeed, position).as(Mutation.Splice::new);
    Arbitrary<Mutation> mutation =
        Arbitraries.frequencyOf(
            Tuple.of(4, flip),
            Tuple.of(1, truncate),
            Tuple.of(2, delete),
            Tuple.of(6, insert),
            Tuple.of(2, repeat),
            Tuple.of(1, splice));

    return Combinators.combine(
            Arbitraries.integers().between(0, seeds.size() - 1),
            mutation.list().ofMinSize(0).ofMaxSize(MAX_MUTATIONS))
        .as(
            (index, edits) -> {
              SeedCorpus.Seed seed = seeds.get(index);
              byte[] bytes = seed.bytes();
              for (Mutation edit : edits) {
                bytes = edit.apply(bytes);
              }
              return new Mutant(corpus.name() + "/" + seed.name(), edits, bytes);
            });
  }

  private static List<byte[]> hostile() {
    List<byte[]> values = new ArrayList<>();
    for (String text :
        List.of(
            // JSON and text: structure, escapes, numbers no type holds, separators
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            "\\",
            "null",
            "true",
            "-",
            ".",
            "e",
            "\n",
            "\r\n",
            "\t",
            " ",
            "\\u0000",
            "\\ud800",
            "\\udfff\\ud800",
            "\\u",
            "\u0000",
            "\u2028",
            "\uFEFF",
            "\uD83D\uDE00",
            "1e999999999",
            "-1e309",
            "1e-400",
            "18446744073709551616",
            "-9223372036854775809",
            "9223372036854775807",
            "99999999999999999999999999999999",
            "NaN",
            "Infinity",
            "-0",
            "0x7fffffff",
            "{\"a\":",
            "[[",
            "((",
            "\"\":\"\"")) {
      values.add(text.getBytes(StandardCharsets.UTF_8));
    }
    for (String hex :
        List.of(
            // invalid UTF-8: overlong NUL, a lone surrogate, a 5-byte form, bytes that never start
            // one,
            // a sequence cut short
            "c080",
            "eda080",
            "f888808080",
            "ff",
            "fe",
            "e282",
            "80",
            // protobuf: a length-delimited field claiming 2^31-1 and 2^32-1 bytes, an overlong
            // varint, group
            // start and end tags, the reserved wire types 6 and 7, tag 0, varint -1, max fixed64,
            // NaN fixed32
            "0affffffff07",
            "0affffffff0f",
            "1280808080808080808001",
            "0b",
            "0c",
            "0e",
            "0f",
            "00",
            "08ffffffffffffffffff01",
            "11ffffffffffffffff",
            "0d0000c07f",
            // snappy: a preamble declaring 2^32-1 bytes, a copy reaching before the start
            "ffffffff0f",
            "0201ffff")) {
      values.add(HexFormat.of().parseHex(hex));
    }
    return List.copyOf(values);
  }
}
