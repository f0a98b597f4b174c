package io.tracemate.alerting.rules;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;

/**
 * What one series of a baseline rule has learned: a compact seasonal profile, updated as values arrive.
 *
 * <h2>Shape</h2>
 * Time is cut into {@link #SLOT} slots. Every value goes into the slot it falls in (its occurrence: this Tuesday's
 * 14:05-14:10); one slot after an occurrence ends (bands pool neighbouring slots, which must hold past seasons only),
 * its count, mean and sum of squared deviations are merged into the profile
 * of its slot of the week (2016 slots; season {@code 1w} only) and of its slot of the day (288 slots), Welford's
 * parallel merge, after the slot's past is weighed down by {@link #DECAY}, so that the last four seasons or so
 * count and a shift in traffic is learned within weeks. The profile of a slot is a weighted count, a mean and a sum
 * of squared deviations ({@code float}s: 13 bytes a slot, ~30 KB a weekly series), so it holds the variation within
 * the slot and between its seasons. Beside it a trailing mean and variance, exponentially weighted with a time
 * constant of {@link #RECENT_TIME_CONSTANT}.
 *
 * <h2>The band at a time</h2>
 * Computed from what was learned before it (the open occurrence never counts, so a spike does not widen its own
 * band): the slot of the week once it has seen {@link #MIN_SEASONS} weeks; else the slot of the day once it has seen
 * that many days; else the trailing hours once they span {@link #MIN_RECENT}; else none. A slot's band is pooled
 * with its two neighbours'. {@code mean ± band × standard deviation}, with the weighted count of values behind it
 * and which of the three it came from.
 *
 * <p>Slots are of UTC time: a pattern that follows a local clock is learned an hour off for the weeks after a
 * daylight-saving change. Not thread-safe: owned by one tenant's {@link BaselineStore}, used under its lock.
 */
final class SeasonalProfile {
  static final Duration SLOT = Duration.ofMinutes(5);

  /** How much a slot's past counts each time a new occurrence is merged: about the last four seasons count. */
  static final double DECAY = 0.75;

  /** Seasons a slot must have seen before its band is used. */
  static final int MIN_SEASONS = 2;

  /** The trailing mean's time constant. */
  static final Duration RECENT_TIME_CONSTANT = Duration.ofHours(3);

  /** How long values must have been seen before the trailing band is used. */
  static final Duration MIN_RECENT = Duration.ofMinutes(30);

  private static final long SLOT_MILLIS = SLOT.toMillis();
  private static final int DAY_SLOTS = (int) (Duration.ofDays(1).toMillis() / SLOT_MILLIS);
  private static final int WEEK_SLOTS = (int) (Duration.ofDays(7).toMillis() / SLOT_MILLIS);

  /** Where a band came from. */
  enum Basis {
    WEEK,
    DAY,
    RECENT
  }

  /** A band: {@code mean ± width × stddev}, the weighted count of values behind it, and where it came from. */
  record Band(double mean, double upper, double lower, double samples, Basis basis) {}

  private final boolean weekly;
  private final Slots week; // null for a daily season
  private final Slots day;

  private long firstSeen = Long.MIN_VALUE;
  private long lastSeen = Long.MIN_VALUE;

  /** The occurrence being filled: absolute slot number (time / SLOT), count, mean, squared deviations. */
  private long openSlot = Long.MIN_VALUE;

  private double openCount;
  private double openMean;
  private double openM2;

  /**
   * The occurrence before the open one, merged only once the open one closes: a band pools a slot with its
   * neighbours, which must not include this season's values yet.
   */
  private long pendingSlot = Long.MIN_VALUE;

  private double pendingCount;
  private double pendingMean;
  private double pendingM2;

  private long recentCount;
  private double recentMean;
  private double recentVariance;

  SeasonalProfile(Duration season) {
    this.weekly = season.equals(BaselineSpec.WEEK);
    this.week = weekly ? new Slots(WEEK_SLOTS) : null;
    this.day = new Slots(DAY_SLOTS);
  }

  Duration season() {
    return weekly ? BaselineSpec.WEEK : BaselineSpec.DAY;
  }

  long lastSeen() {
    return lastSeen;
  }

  /** The band at {@code timeMillis}, from what was learned before it; null while too little is known. */
  Band band(long timeMillis, double width) {
    long slot = Math.floorDiv(timeMillis, SLOT_MILLIS);
    if (week != null) {
      Band band = week.band((int) Math.floorMod(slot, WEEK_SLOTS), width, Basis.WEEK);
      if (band != null) {
        return band;
      }
    }
    Band band = day.band((int) Math.floorMod(slot, DAY_SLOTS), width, Basis.DAY);
    if (band != null) {
      return band;
    }
    if (recentCount >= 2 && timeMillis - firstSeen >= MIN_RECENT.toMillis()) {
      double sd = Math.sqrt(recentVariance);
      return new Band(
          recentMean, recentMean + width * sd, recentMean - width * sd, recentCount, Basis.RECENT);
    }
    return null;
  }

  /**
   * Learns one value; values at or before the last one, and non-finite ones, are ignored. The seasonal profile
   * learns it clipped to {@code [low, high]} (the seasonal band at that time, when there is one), so that an incident
   * does not teach the next season that it is normal, while a lasting shift still moves the profile by up to the
   * band each season; the trailing mean learns it as it is.
   */
  void observe(long timeMillis, double value, double low, double high) {
    if (!Double.isFinite(value) || timeMillis <= lastSeen) {
      return;
    }
    long slot = Math.floorDiv(timeMillis, SLOT_MILLIS);
    if (slot != openSlot) {
      closeOccurrence(slot);
      openSlot = slot;
    }
    double learned = Math.max(low, Math.min(high, value));
    openCount++;
    double delta = learned - openMean;
    openMean += delta / openCount;
    openM2 += delta * (learned - openMean);

    if (recentCount == 0) {
      recentMean = value;
      recentVariance = 0;
      firstSeen = timeMillis;
    } else {
      double alpha =
          1 - Math.exp(-(double) (timeMillis - lastSeen) / RECENT_TIME_CONSTANT.toMillis());
      double diff = value - recentMean;
      recentMean += alpha * diff;
      recentVariance = (1 - alpha) * (recentVariance + alpha * diff * diff);
    }
    recentCount++;
    lastSeen = timeMillis;
  }

  /**
   * Closes the open occurrence as {@code next} opens: the pending one is merged into its slot of the week and of the
   * day, and the open one becomes pending (merged at once when {@code next} is not its neighbour).
   */
  private void closeOccurrence(long next) {
    merge(pendingSlot, pendingCount, pendingMean, pendingM2);
    pendingSlot = openSlot;
    pendingCount = openCount;
    pendingMean = openMean;
    pendingM2 = openM2;
    if (next != openSlot + 1) {
      merge(pendingSlot, pendingCount, pendingMean, pendingM2);
      pendingCount = 0;
    }
    openCount = 0;
    openMean = 0;
    openM2 = 0;
  }

  private void merge(long slot, double count, double mean, double m2) {
    if (count > 0) {
      if (week != null) {
        week.merge((int) Math.floorMod(slot, WEEK_SLOTS), count, mean, m2);
      }
      day.merge((int) Math.floorMod(slot, DAY_SLOTS), count, mean, m2);
    }
  }

  void write(DataOutput out) throws IOException {
    out.writeBoolean(weekly);
    out.writeLong(firstSeen);
    out.writeLong(lastSeen);
    out.writeLong(openSlot);
    out.writeDouble(openCount);
    out.writeDouble(openMean);
    out.writeDouble(openM2);
    out.writeLong(pendingSlot);
    out.writeDouble(pendingCount);
    out.writeDouble(pendingMean);
    out.writeDouble(pendingM2);
    out.writeLong(recentCount);
    out.writeDouble(recentMean);
    out.writeDouble(recentVariance);
    if (week != null) {
      week.write(out);
    }
    day.write(out);
  }

  static SeasonalProfile read(DataInput in) throws IOException {
    boolean weekly = in.readBoolean();
    SeasonalProfile profile = new SeasonalProfile(weekly ? BaselineSpec.WEEK : BaselineSpec.DAY);
    profile.firstSeen = in.readLong();
    profile.lastSeen = in.readLong();
    profile.openSlot = in.readLong();
    profile.openCount = in.readDouble();
    profile.openMean = in.readDouble();
    profile.openM2 = in.readDouble();
    profile.pendingSlot = in.readLong();
    profile.pendingCount = in.readDouble();
    profile.pendingMean = in.readDouble();
    profile.pendingM2 = in.readDouble();
    profile.recentCount = in.readLong();
    profile.recentMean = in.readDouble();
    profile.recentVariance = in.readDouble();
    if (profile.week != null) {
      profile.week.read(in);
    }
    profile.day.read(in);
    return profile;
  }

  /** One profile per slot of a season: weighted count, mean, sum of squared deviations, seasons seen. */
  private static final class Slots {
    final float[] count;
    final float[] mean;
    final float[] m2;
    final byte[] seasons;

    Slots(int size) {
      count = new float[size];
      mean = new float[size];
      m2 = new float[size];
      seasons = new byte[size];
    }

    /**
     * The band of slot {@code i} once it has seen {@link #MIN_SEASONS} seasons, pooled with its two neighbours (a
     * quarter of an hour: three times the values behind the spread, and a wider band where the level ramps).
     */
    Band band(int i, double width, Basis basis) {
      if ((seasons[i] & 0xff) < MIN_SEASONS) {
        return null;
      }
      double n = 0;
      double m = 0;
      double squares = 0;
      for (int k = -1; k <= 1; k++) {
        int j = Math.floorMod(i + k, seasons.length);
        if (count[j] <= 0) {
          continue;
        }
        double total = n + count[j];
        double delta = mean[j] - m;
        m += delta * count[j] / total;
        squares += m2[j] + delta * delta * n * count[j] / total;
        n = total;
      }
      if (n <= 1) {
        return null;
      }
      double sd = Math.sqrt(squares / (n - 1));
      return new Band(m, m + width * sd, m - width * sd, n, basis);
    }

    void merge(int i, double n, double occurrenceMean, double occurrenceM2) {
      double pastCount = count[i] * DECAY;
      double pastM2 = m2[i] * DECAY;
      double total = pastCount + n;
      double delta = occurrenceMean - mean[i];
      mean[i] = (float) (pastCount == 0 ? occurrenceMean : mean[i] + delta * n / total);
      m2[i] = (float) (pastM2 + occurrenceM2 + delta * delta * pastCount * n / total);
      count[i] = (float) total;
      if (seasons[i] != (byte) 0xff) {
        seasons[i]++;
      }
    }

    /** Only the slots that learned something: a young profile stays small on disk. */
    void write(DataOutput out) throws IOException {
      int used = 0;
      for (byte s : seasons) {
        if (s != 0) {
          used++;
        }
      }
      out.writeShort(used);
      for (int i = 0; i < seasons.length; i++) {
        if (seasons[i] != 0) {
          out.writeShort(i);
          out.writeByte(seasons[i]);
          out.writeFloat(count[i]);
          out.writeFloat(mean[i]);
          out.writeFloat(m2[i]);
        }
      }
    }

    void read(DataInput in) throws IOException {
      int used = in.readUnsignedShort();
      for (int k = 0; k < used; k++) {
        int i = in.readUnsignedShort();
        if (i >= seasons.length) {
          throw new IOException("slot " + i + " beyond the season's " + seasons.length);
        }
        seasons[i] = in.readByte();
        count[i] = in.readFloat();
        mean[i] = in.readFloat();
        m2[i] = in.readFloat();
      }
    }
  }
}
