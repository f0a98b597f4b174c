package io.tracemate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.audit.AuditLog.Head;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process writing the log is killed with SIGKILL; every record it acknowledged is there, and the chain goes on. */
class AuditCrashTest {
  @TempDir Path dir;

  @Test
  void acknowledgedRecordsSurviveKill9AndTheChainContinues() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AuditCrashChild.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    Head lastAcknowledged = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          String[] parts = line.split(" ");
          lastAcknowledged = new Head(Long.parseLong(parts[1]), parts[2]);
          if (lastAcknowledged.seq() >= 300) {
            break;
          }
        }
      }
      // Killed mid-stream: it keeps appending (and rotating every 8 KiB) until the signal lands.
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(lastAcknowledged).as("the child acknowledged 300 records").isNotNull();
    assertThat(lastAcknowledged.seq()).isGreaterThanOrEqualTo(300);

    // What was acknowledged is there (a partial record after it is what a crash may leave).
    AuditVerifier.Verification afterCrash = AuditVerifier.verify(dir, lastAcknowledged);
    assertThat(afterCrash.records()).isGreaterThanOrEqualTo(lastAcknowledged.seq());

    long continued;
    try (AuditLog reopened =
        AuditLog.open(AuditLogConfig.in(dir).withMaxFileBytes(8192), AuditTesting.CLOCK)) {
      assertThat(reopened.head().seq()).isGreaterThanOrEqualTo(lastAcknowledged.seq());
      List<AuditRecord> more = AuditTesting.append(reopened, 1, 5);
      continued = more.get(4).seq();
      assertThat(more.get(0).seq()).isEqualTo(afterCrash.head().seq() + 1);
    }

    AuditVerifier.Verification verification = AuditVerifier.verify(dir, lastAcknowledged);
    assertThat(verification.intact()).as(verification.summary()).isTrue();
    assertThat(verification.head().seq()).isEqualTo(continued);
  }
}
