/**
 * Who a request comes from and what it may do: {@link io.tracemate.auth.Authenticator} turns the credentials a
 * request presented (a bearer token: a configured API token or an OIDC JWT; a verified client certificate) into a
 * {@link io.tracemate.auth.Principal} holding {@link io.tracemate.auth.Role}s per tenant, or into an
 * {@link io.tracemate.auth.AuthFailure} (401, or 503 when the issuer's keys cannot be fetched);
 * {@link io.tracemate.auth.Authorizer} decides a {@link io.tracemate.auth.Permission} over a
 * {@link io.tracemate.common.tenant.TenantScope} (403 naming the tenants refused).
 *
 * <p>Independent of the transport: the HTTP and gRPC decorators that read the credentials, pick the request's
 * tenant scope and answer in each API family's error envelope come with the server's wiring.
 *
 * <p>API tokens are stored only as SHA-256 hashes and compared with {@link java.security.MessageDigest#isEqual};
 * a generated one ({@link io.tracemate.auth.ApiTokens#generate}) is 32 random bytes. Only hashes are needed because
 * the token has 256 bits of entropy: a slow password hash would add cost per request and no safety.
 */
package io.tracemate.auth;
