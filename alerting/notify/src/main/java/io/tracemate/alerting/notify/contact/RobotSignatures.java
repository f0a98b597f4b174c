package io.tracemate.alerting.notify.contact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signatures the chat robots check when a robot has a signing secret ("加签"). Both sign {@code timestamp +
 * "\n" + secret} with HmacSHA256 and send it Base64-encoded, but differently: DingTalk keys the MAC with the
 * secret and signs that string (milliseconds, the signature URL-encoded into the query), Feishu keys the MAC with
 * that string and signs nothing (seconds, the signature in the body). Stateless.
 */
public final class RobotSignatures {
  private RobotSignatures() {}

  /** DingTalk's {@code sign} for {@code timestampMillis} (before URL encoding). */
  public static String dingTalk(long timestampMillis, String secret) {
    String toSign = timestampMillis + "\n" + secret;
    return base64(
        hmac(secret.getBytes(StandardCharsets.UTF_8), toSign.getBytes(StandardCharsets.UTF_8)));
  }

  /** Feishu's {@code sign} for {@code timestampSeconds}. */
  public static String feishu(long timestampSeconds, String secret) {
    String key = timestampSeconds + "\n" + secret;
    return base64(hmac(key.getBytes(StandardCharsets.UTF_8), new byte[0]));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
