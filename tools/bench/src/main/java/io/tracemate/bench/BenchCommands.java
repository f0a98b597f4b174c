package io.tracemate.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every bench command does around its run: its options checked with a refusal reported as the command line's
 * error (usage and exit code 2, as picocli reports a bad option), and its report printed as a table on standard
 * output and, with {@code --json-out}, written as JSON. Stateless.
 */
public final class BenchCommands {
  private BenchCommands() {}

  /** The options {@code build} makes; an {@link IllegalArgumentException} it throws is the command line's error. */
  public static <T> T validated(CommandSpec spec, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  public static void print(CommandSpec spec, String table, Object report, JsonReportOption json)
      throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    out.print(table);
    out.flush();
    json.write(report, out);
  }
}
