package io.tracemate.auth;

import io.tracemate.auth.config.ApiTokenConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The configured API tokens, looked up by the SHA-256 of what a request presents. Only hashes are held, and they
 * are compared with {@link MessageDigest#isEqual} against every configured one (no early exit), so neither the
 * configuration nor the time a lookup takes says anything about a token.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiTokens {
  /** What every generated token starts with: tells it from a JWT at a glance and lets secret scanners find it. */
  public static final String PREFIX = "tmt_";

  /** Random bytes in a generated token: 256 bits, beyond guessing. */
  public static final int RANDOM_BYTES = 32;

  private final List<ApiTokenConfig> tokens;
  private final List<byte[]> hashes;

  public ApiTokens(List<ApiTokenConfig> tokens) {
    this.tokens = List.copyOf(tokens);
    this.hashes = this.tokens.stream().map(ApiTokenConfig::hashBytes).toList();
  }

  /** The configured token whose hash is that of {@code presented}, if any. */
  public Optional<ApiTokenConfig> find(String presented) {
    byte[] hash = sha256(presented);
    ApiTokenConfig found = null;
    for (int i = 0; i < hashes.size(); i++) {
      if (MessageDigest.isEqual(hashes.get(i), hash) && found == null) {
        found = tokens.get(i);
      }
    }
    return Optional.ofNullable(found);
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  /** A new token and the hash that goes into {@code auth.tokens[].sha256}. */
  public record GeneratedToken(String token, String sha256) {
    @Override
    public String toString() {
      return "GeneratedToken[sha256=" + sha256 + "]"; // never the secret, even in a log line
    }
  }

  /**
   * A new random token: {@value #PREFIX} and {@value #RANDOM_BYTES} bytes from {@code random} in base64url without
   * padding (printable, safe in a header, a URL and a YAML file), with its SHA-256.
   */
  public static GeneratedToken generate(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new GeneratedToken(token, HexFormat.of().formatHex(sha256(token)));
  }

  /** A new random token from a strong source. */
  public static GeneratedToken generate() {
    return generate(new SecureRandom());
  }

  /** The SHA-256 of a token's UTF-8 bytes, as stored in the configuration. */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** {@link #sha256} in hex. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }
}
