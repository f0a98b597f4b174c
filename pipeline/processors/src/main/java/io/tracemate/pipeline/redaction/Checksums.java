package io.tracemate.pipeline.redaction;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Check digits that tell real identifiers from random digit runs, so redaction does not mask order numbers. */
public final class Checksums {
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK_CHARS = "10X98765432";

  private Checksums() {}

  /**
   * A mainland China resident identity card number (GB 11643-1999): 18 characters, a real birth date in
   * positions 7-14, and the ISO 7064 MOD 11-2 check character last (0-9 or X, either case).
   */
  public static boolean isValidChineseIdNumber(String id) {
    if (id.length() != 18) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      sum += (c - '0') * ID_WEIGHTS[i];
    }
    if (Character.toUpperCase(id.charAt(17)) != ID_CHECK_CHARS.charAt(sum % 11)) {
      return false;
    }
    try {
      LocalDate.of(
          Integer.parseInt(id.substring(6, 10)),
          Integer.parseInt(id.substring(10, 12)),
          Integer.parseInt(id.substring(12, 14)));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** The Luhn (mod 10) check every payment card number satisfies; digits only, at least two. */
  public static boolean isLuhnValid(String digits) {
    if (digits.length() < 2) {
      return false;
    }
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      int d = c - '0';
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }
}
