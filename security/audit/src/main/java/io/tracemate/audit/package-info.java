/**
 * The audit log: who did what to which tenant, kept so that a change to it shows. {@link io.tracemate.audit.AuditLog}
 * appends {@link io.tracemate.audit.AuditEvent}s as hash-chained JSON lines ({@link io.tracemate.audit.AuditCodec})
 * in rotated files with group commit; {@link io.tracemate.audit.AuditReader} pages through them newest first for
 * the admin API; {@link io.tracemate.audit.AuditVerifier} walks the chain and names the first broken record.
 *
 * <p>A hash chain makes editing, removing, reordering and inserting records evident, but not removing the newest
 * ones from the end: whoever can write the files can cut the tail. The defence is the head
 * ({@link io.tracemate.audit.AuditLog#head()}) kept somewhere the files' writer cannot reach (the server logs it at
 * each rotation and on close and exports its sequence number as {@code tracemate_audit_head_seq}); the verifier checks a log against such a head. The
 * log is also not secret: it records queries as sent, so its directory must be readable by administrators only.
 */
package io.tracemate.audit;
