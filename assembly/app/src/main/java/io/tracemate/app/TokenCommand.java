package io.tracemate.app;

import io.tracemate.auth.ApiTokens;
import io.tracemate.auth.Role;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tracemate token create}: a new API token, and the line of {@code auth.tokens} that accepts it. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "API tokens for agents, collectors and scripts.",
    subcommands = {TokenCommand.Create.class})
final class TokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Print a new random API token and the auth.tokens entry to paste into the config.",
        "The server keeps only the token's SHA-256: store the token itself in the client's secret"
            + " store now, it cannot be shown again."
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        defaultValue = "my-token",
        description = "Who the token is for; shown in the audit log (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
        names = "--tenant",
        paramLabel = "TENANT",
        defaultValue = "fake",
        description = "The tenant it acts on (default: ${DEFAULT-VALUE}, the single-tenant one).")
    String tenant;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        defaultValue = "writer",
        converter = RoleConverter.class,
        description =
            "viewer, editor, admin or writer (default: ${DEFAULT-VALUE}: ingest only, for agents).")
    Role role;

    @Override
    public Integer call() {
      ApiTokens.GeneratedToken generated = ApiTokens.generate();
      PrintWriter out = spec.commandLine().getOut();
      out.println("token (give it to the client; it is not stored anywhere):");
      out.println("  " + generated.token());
      out.println();
      out.println("auth.tokens entry (paste into the server's config):");
      out.println(
          "  - {name: "
              + name
              + ", sha256: "
              + generated.sha256()
              + ", tenant: "
              + tenant
              + ", role: "
              + role.configName()
              + "}");
      out.flush();
      return 0;
    }
  }

  /** Reads a role by its configuration name. */
  static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      return Role.parse(value);
    }
  }
}
