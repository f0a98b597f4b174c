package io.tracemate.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The process {@link AuditCrashTest} kills: appends records in groups of eight until it is killed, printing each
 * acknowledged record's sequence number and hash as soon as its future completes.
 */
public final class AuditCrashChild {
  private AuditCrashChild() {}

  public static void main(String[] args) throws Exception {
    AuditLog log =
        AuditLog.open(
            AuditLogConfig.in(Path.of(args[0])).withMaxFileBytes(8192), Clock.systemUTC());
    for (int i = 1; ; i += 8) {
      List<CompletableFuture<AuditRecord>> group = new ArrayList<>();
      for (int j = i; j < i + 8; j++) {
        group.add(log.append(AuditTesting.query(j)));
      }
      for (CompletableFuture<AuditRecord> future : group) {
        AuditRecord record = future.get();
        System.out.println("acked " + record.seq() + " " + record.hash());
      }
      System.out.flush();
    }
  }
}
