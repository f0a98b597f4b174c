package io.tracemate.app;

import io.tracemate.audit.AuditLog;
import io.tracemate.audit.AuditVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tracemate audit verify}: checks the audit log's hash chain and names the first broken record. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "The audit log.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Walk the audit log's hash chain: exit 0 when intact, 1 naming the first broken record (edited,"
            + " removed, reordered, a file missing or cut short).",
        "Records removed from the end only show against a head kept elsewhere (--head; the server logs it"
            + " and exports tracemate_audit_head_seq)."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "The server's data directory; the log is its audit/ folder.")
    Path dataDir;

    @Option(
        names = "--audit-dir",
        paramLabel = "DIR",
        description = "The audit log's folder, when audit.directory sets another.")
    Path auditDir;

    @Option(
        names = "--head",
        paramLabel = "SEQ:HASH",
        description =
            "A head kept outside the log (seq and hash of a record) that the log must hold.")
    String head;

    @Override
    public Integer call() throws IOException {
      Path directory =
          auditDir != null ? auditDir : dataDir == null ? null : dataDir.resolve("audit");
      if (directory == null) {
        throw new ParameterException(spec.commandLine(), "give --data-dir or --audit-dir");
      }
      if (!Files.isDirectory(directory)) {
        throw new ParameterException(
            spec.commandLine(), "no audit log at " + directory + " (not a directory)");
      }
      AuditVerifier.Verification verification =
          AuditVerifier.verify(directory, head == null ? null : parseHead(head));
      PrintWriter out = spec.commandLine().getOut();
      out.println(verification.summary());
      out.flush();
      return verification.intact() ? 0 : 1;
    }

    private AuditLog.Head parseHead(String text) {
      int colon = text.indexOf(':');
      try {
        return new AuditLog.Head(
            Long.parseLong(text.substring(0, colon)), text.substring(colon + 1).strip());
      } catch (RuntimeException e) {
        throw new ParameterException(
            spec.commandLine(), "--head must be SEQ:HASH (as the server logs it), got " + text);
      }
    }
  }
}
