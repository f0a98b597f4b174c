package io.tracemate.server.tls;

import com.linecorp.armeria.common.TlsKeyPair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The key pair and client CA certificates read from the PEM files of a {@code tls} block, checked so that a bad
 * file fails with a message naming the file and what is wrong, not with a handshake error later.
 *
 * @param keyPair the server's key and certificate chain
 * @param clientCas the CA certificates client certificates must chain to; empty when none is configured
 * @param fingerprint SHA-256 of the files' bytes, to notice a change
 */
record PemMaterial(TlsKeyPair keyPair, List<X509Certificate> clientCas, String fingerprint) {

  /** A file that cannot serve: the message names it and says what is wrong. */
  static final class BadTlsFileException extends RuntimeException {
    BadTlsFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The SHA-256 of the files' current bytes (a missing file reads as empty). */
  static String fingerprint(Path certFile, Path keyFile, Path clientCaFile) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : new Path[] {certFile, keyFile, clientCaFile}) {
        if (file != null && Files.isReadable(file)) {
          digest.update(Files.readAllBytes(file));
        }
        digest.update((byte) 0);
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (IOException | GeneralSecurityException e) {
      return "unreadable:" + e.getMessage();
    }
  }

  /**
   * Reads and checks the files; throws {@link BadTlsFileException} naming the file at fault.
   *
   * @param block the config block the files come from ({@code server.tls}), for messages
   */
  static PemMaterial load(
      String block, Path certFile, Path keyFile, Path clientCaFile, Instant now) {
    String fingerprint = fingerprint(certFile, keyFile, clientCaFile);
    byte[] certBytes = read(block, certFile, "cert-file");
    byte[] keyBytes = read(block, keyFile, "key-file");
    List<X509Certificate> chain = certificates(block, certBytes, certFile, "cert-file");
    X509Certificate leaf = chain.getFirst();
    if (leaf.getNotAfter().toInstant().isBefore(now)) {
      throw new BadTlsFileException(
          block
              + ".cert-file "
              + certFile
              + ": the certificate ("
              + leaf.getSubjectX500Principal().getName()
              + ") expired on "
              + leaf.getNotAfter().toInstant(),
          null);
    }
    TlsKeyPair keyPair = TlsKeyPair.of(PemKeys.read(block, keyFile, keyBytes), chain);
    if (!matches(keyPair.privateKey(), leaf.getPublicKey())) {
      throw new BadTlsFileException(
          block
              + ".key-file "
              + keyFile
              + " does not belong to the certificate in "
              + block
              + ".cert-file "
              + certFile
              + " ("
              + leaf.getSubjectX500Principal().getName()
              + ")",
          null);
    }
    List<X509Certificate> cas =
        clientCaFile == null
            ? List.of()
            : certificates(
                block, read(block, clientCaFile, "client-ca-file"), clientCaFile, "client-ca-file");
    return new PemMaterial(keyPair, List.copyOf(cas), fingerprint);
  }

  private static byte[] read(String block, Path file, String key) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadTlsFileException(
          block + "." + key + " " + file + ": cannot read it (" + e + ")", e);
    }
  }

  private static List<X509Certificate> certificates(
      String block, byte[] bytes, Path file, String key) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new BadTlsFileException(
          block
              + "."
              + key
              + " "
              + file
              + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)",
          null);
    }
    try {
      List<X509Certificate> certificates = new ArrayList<>();
      for (var certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new CertificateException("no certificate");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new BadTlsFileException(
          block + "." + key + " " + file + ": not a valid PEM certificate: " + rootMessage(e), e);
    }
  }

  /** Whether the key signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (publicKey.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default -> null;
        };
    if (algorithm == null) {
      return true; // an unusual algorithm: let the handshake judge it
    }
    try {
      // The PEM parser may hand back another provider's key object: re-read it with the JDK's.
      PrivateKey jdkKey =
          KeyFactory.getInstance(publicKey.getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
      byte[] probe = "tracemate key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(jdkKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
