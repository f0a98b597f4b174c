package io.tracemate.red;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sealing a slot and reading it back loses nothing: packed entries, escaped entries, large sums. */
class SealedSlotTest {

  private static Accumulator read(Slot slot) {
    Accumulator accumulator = new Accumulator();
    slot.addTo(accumulator);
    return accumulator;
  }

  private static void assertRoundTrip(Slot slot) {
    byte[] sealed = slot.seal();
    Accumulator expected = read(slot);
    Accumulator actual = new Accumulator();
    SealedSlot.addTo(sealed, actual);
    assertThat(SealedSlot.index(sealed)).isEqualTo(slot.index);
    assertThat(actual.calls).isEqualTo(expected.calls);
    assertThat(actual.errors).isEqualTo(expected.errors);
    assertThat(actual.sumNanos).isEqualTo(expected.sumNanos);
    assertThat(actual.buckets).isEqualTo(expected.buckets);
    assertThat(read(Slot.unseal(sealed)).buckets).isEqualTo(expected.buckets);
  }

  @Test
  void handPickedShapes() {
    Slot empty = new Slot(7);
    assertRoundTrip(empty);

    Slot packedAndEscaped = new Slot(118_000_000L);
    packedAndEscaped.record(500, false); // bucket 0: first delta 1
    for (int i = 0; i < 15; i++) {
      packedAndEscaped.record(1_000_000, i == 0); // count 15: still one byte
    }
    for (int i = 0; i < 16; i++) {
      packedAndEscaped.record(2_000_000, false); // count 16: escaped
    }
    packedAndEscaped.record(600_000_000_000L, true); // the last bucket: a long jump, escaped
    assertRoundTrip(packedAndEscaped);
  }

  @Test
  void randomSlots() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      Slot slot = new Slot(random.nextLong(1, Long.MAX_VALUE / 2));
      int observations = random.nextInt(1, 3_000);
      for (int i = 0; i < observations; i++) {
        long nanos = (long) Math.exp(random.nextDouble(0, Math.log(7e11)));
        slot.record(nanos, random.nextInt(10) == 0);
      }
      assertRoundTrip(slot);
    }
  }
}
