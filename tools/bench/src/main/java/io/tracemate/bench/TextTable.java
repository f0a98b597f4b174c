package io.tracemate.bench;

import java.util.List;
import java.util.function.Function;

/** The plain-text tables of every bench report: columns padded to their widest cell. Stateless. */
public final class TextTable {
  private TextTable() {}

  /** Names (the first column) left-aligned, figures right-aligned. */
  public static String render(List<String[]> rows) {
    return render(rows, false);
  }

  /**
   * @param allText left-align every column (a table of sentences rather than figures)
   * @return one line per row, without trailing spaces
   */
  public static String render(List<String[]> rows, boolean allText) {
    int columns = rows.getFirst().length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String pad = " ".repeat(widths[c] - row[c].length());
        line.append(c == 0 || allText ? row[c] + pad : pad + row[c]);
        if (c < columns - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A line {@code "  <name> first error: <error>"} under a table for each of its rows that had an error. */
  public static <T> void appendFirstErrors(
      StringBuilder out, List<T> rows, Function<T, String> name, Function<T, String> firstError) {
    for (T row : rows) {
      if (firstError.apply(row) != null) {
        out.append("  ")
            .append(name.apply(row))
            .append(" first error: ")
            .append(firstError.apply(row))
            .append('\n');
      }
    }
  }
}
