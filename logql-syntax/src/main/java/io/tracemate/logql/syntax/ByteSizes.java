package io.tracemate.logql.syntax;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parses byte sizes the way Loki does (go-humanize): {@code 20KB} is 20000, {@code 1KiB} is 1024, units are
 * case-insensitive, fractions allowed ({@code 1.5MB}). Stateless.
 */
final class ByteSizes {
    private static final long KIB = 1024L;
    private static final Map<String, Long> MULTIPLIERS = Map.ofEntries(
        Map.entry("b", 1L),
        Map.entry("k", 1_000L), Map.entry("kb", 1_000L), Map.entry("ki", KIB), Map.entry("kib", KIB),
        Map.entry("m", 1_000_000L), Map.entry("mb", 1_000_000L), Map.entry("mi", KIB * KIB), Map.entry("mib", KIB * KIB),
        Map.entry("g", 1_000_000_000L), Map.entry("gb", 1_000_000_000L),
        Map.entry("gi", KIB * KIB * KIB), Map.entry("gib", KIB * KIB * KIB),
        Map.entry("t", 1_000_000_000_000L), Map.entry("tb", 1_000_000_000_000L),
        Map.entry("ti", KIB * KIB * KIB * KIB), Map.entry("tib", KIB * KIB * KIB * KIB),
        Map.entry("p", 1_000_000_000_000_000L), Map.entry("pb", 1_000_000_000_000_000L),
        Map.entry("pi", KIB * KIB * KIB * KIB * KIB), Map.entry("pib", KIB * KIB * KIB * KIB * KIB));

    private ByteSizes() {
    }

    /** Number of bytes {@code text} denotes; empty unless it is a number followed by a known unit. */
    static OptionalLong parse(String text) {
        int i = 0;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        String number = text.substring(0, i);
        Long multiplier = MULTIPLIERS.get(text.substring(i).toLowerCase(Locale.ROOT));
        if (number.isEmpty() || multiplier == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(new BigDecimal(number).multiply(BigDecimal.valueOf(multiplier))
                .setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}
