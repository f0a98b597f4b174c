package io.tracemate.codec;

import java.util.function.Consumer;

/**
 * The one wording of "some items of this request were not taken", for every signal and check: {@code 5 spans
 * rejected: span 0 of scope 'lib' has ...; span 3 of scope 'lib' has ...; span 4 of scope 'lib' has ...; and 2
 * more}. It counts every item but describes only the first {@value #SHOWN}, so a hostile request of a million bad
 * items costs no more text than one of three. Not thread-safe: one per request.
 */
public final class RejectionSummary {
  /** How many reasons the message spells out before it summarises the rest. */
  public static final int SHOWN = 3;

  private final String item;
  private final String items;
  private final String outcome;
  private final StringBuilder described = new StringBuilder();
  private int count;

  /**
   * @param item what one rejected item is called ({@code "span"})
   * @param items the plural ({@code "spans"})
   * @param outcome what happened to them ({@code "rejected"}, {@code "refused for their start time"})
   */
  public RejectionSummary(String item, String items, String outcome) {
    this.item = item;
    this.items = items;
    this.outcome = outcome;
  }

  /** Counts one rejected item; {@code reason} describes it (called only while it is among the first shown). */
  public void add(Consumer<StringBuilder> reason) {
    count++;
    if (count > SHOWN) {
      return;
    }
    if (count > 1) {
      described.append("; ");
    }
    reason.accept(described);
  }

  public int count() {
    return count;
  }

  /** {@code ""} when nothing was rejected. */
  public String message() {
    if (count == 0) {
      return "";
    }
    String head = count + " " + (count == 1 ? item : items) + " " + outcome + ": " + described;
    return count > SHOWN ? head + "; and " + (count - SHOWN) + " more" : head;
  }
}
