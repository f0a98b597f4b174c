package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoHelpTest {

  @Test
  void demoHelpPrintsItsTextWithoutAPicocliWarning() {
    StringWriter out = new StringWriter();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    int exit;
    // picocli reports a description it cannot format (an unescaped %) on System.err, not through
    // the writers.
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = new CommandLine(new Tracemate()).setOut(new PrintWriter(out));
      exit = cli.execute("demo", "--help");
    } finally {
      System.setErr(originalErr);
    }

    assertThat(exit).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .doesNotContain("picocli WARN")
        .doesNotContain("Could not format");
    assertThat(out.toString()).contains("~2% errors").contains("web UI");
  }
}
