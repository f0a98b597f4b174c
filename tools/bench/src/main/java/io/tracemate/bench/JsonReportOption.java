package io.tracemate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --json-out FILE}: a bench's report written as JSON beside its table. A picocli mixin of every bench. */
public final class JsonReportOption {

  @Option(
      names = "--json-out",
      paramLabel = "FILE",
      description = "Also write the report as JSON to FILE.")
  Path file;

  /** Writes {@code report} (a record of records) to the file, creating its folder, and says so; nothing without it. */
  public void write(Object report, PrintWriter out) throws IOException {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    out.println("JSON report written to " + file);
    out.flush();
  }
}
