/**
 * The {@code auth} block of the configuration as records, each checked where it is built so that an error names
 * its key (the server's loader adds the file and the line): {@link io.tracemate.auth.config.AuthConfig} with
 * {@code oidc} ({@link io.tracemate.auth.config.OidcConfig}), {@code tokens}
 * ({@link io.tracemate.auth.config.ApiTokenConfig}) and {@code rbac} ({@link io.tracemate.auth.config.RbacConfig},
 * bindings in the spirit of Observatorium's {@code rbac.yaml}). A key left out takes its documented default.
 */
package io.tracemate.auth.config;
