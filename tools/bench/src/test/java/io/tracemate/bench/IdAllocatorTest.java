package io.tracemate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdAllocatorTest {

  @Test
  void consecutiveTracesGetDistinctLowBitsThatARatioSamplerSplitsAtItsRatio() {
    int traces = 20_000;
    Set<Long> lows = new HashSet<>();
    int underTenPercent = 0;
    for (long counter = 1; counter <= traces; counter++) {
      long low = IdAllocator.traceLowBits(counter);
      lows.add(low);
      // OpenTelemetry's TraceIdRatioBased(0.1) rule on the low 64 bits
      if (Math.abs(low) < (long) (0.1 * Long.MAX_VALUE)) {
        underTenPercent++;
      }
    }
    assertThat(lows).hasSize(traces);
    // binomial(20000, 0.1): standard deviation 42 traces; a counter would put all 20000 under the
    // bound
    assertThat(underTenPercent).isBetween(1_800, 2_200);
  }
}
