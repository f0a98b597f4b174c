package io.tracemate.app;

import io.tracemate.bench.BenchCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one binary: {@code tracemate server | demo | token | audit | bench}. */
@Command(
    name = "tracemate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Tracemate: traces in over OTLP and Zipkin, kept durably, served through Jaeger's API.",
    subcommands = {
      ServerCommand.class,
      DemoCommand.class,
      TokenCommand.class,
      AuditCommand.class,
      BenchCommand.class,
      io.tracemate.bench.logs.LogBenchCommand.class
    })
public final class Tracemate implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose server, demo, token, audit or bench");
  }

  public static void main(String[] args) {
    // Lucene and the OpenTelemetry SDK log through java.util.logging; route it to the same log as
    // the rest.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(new CommandLine(new Tracemate()).execute(args));
  }
}
