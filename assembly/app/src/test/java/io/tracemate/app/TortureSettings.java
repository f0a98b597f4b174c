package io.tracemate.app;

/**
 * How long the fault-injection suite runs and with which seed: the short version by default (what CI runs), the
 * long one from {@code bin/torture --cycles 100}, which passes {@code -Dtorture.cycles} and {@code -Dtorture.seed}.
 * The seed is printed, so a failing run is repeated with the same kill moments.
 *
 * @param cycles SIGKILL cycles of the server
 * @param seed what every random choice of the suite (kill moments, which cycle kills during start-up) derives from
 */
record TortureSettings(int cycles, long seed) {
  static final int CI_CYCLES = 3;

  static TortureSettings fromSystemProperties() {
    int cycles = Integer.getInteger("torture.cycles", CI_CYCLES);
    String seedProperty = System.getProperty("torture.seed", "");
    long seed = seedProperty.isBlank() ? System.nanoTime() : Long.parseLong(seedProperty.trim());
    TortureSettings settings = new TortureSettings(cycles, seed);
    System.out.println(
        "torture: "
            + cycles
            + " cycles, seed "
            + seed
            + " (repeat: bin/torture --seed "
            + seed
            + ")");
    return settings;
  }
}
