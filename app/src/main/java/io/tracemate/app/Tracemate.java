package io.tracemate.app;

import io.tracemate.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one binary: {@code tracemate server | demo | bench}. */
@Command(name = "tracemate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Tracemate: traces in over OTLP and Zipkin, kept durably, served through Jaeger's API.",
    subcommands = {ServerCommand.class, DemoCommand.class, BenchCommand.class})
public final class Tracemate implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose server, demo or bench");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Tracemate()).execute(args));
  }
}
