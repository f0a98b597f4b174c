/**
 * Administration endpoints under {@code /api/admin}, for the admin role: the audit log
 * ({@link io.tracemate.http.admin.AuditApi}). Errors in Tracemate's own shape ({@code {"error": {"code",
 * "message"}}}).
 */
package io.tracemate.http.admin;
