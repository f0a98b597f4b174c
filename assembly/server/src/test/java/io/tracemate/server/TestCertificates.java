package io.tracemate.server;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA that issues server and client certificates (EC P-256), written as PEM like real deployments do. */
final class TestCertificates {
  private static final AtomicLong SERIALS = new AtomicLong(1000);

  /** A certificate with its key. */
  record Issued(KeyPair keys, X509Certificate certificate) {
    String certificatePem() {
      return pem("CERTIFICATE", encoded(certificate));
    }

    String privateKeyPem() {
      return pem("PRIVATE KEY", keys.getPrivate().getEncoded()); // PKCS#8
    }

    /** Writes cert and key PEM files into {@code dir} as {@code name.crt} and {@code name.key}. */
    Issued writeTo(Path dir, String name) throws IOException {
      Files.writeString(dir.resolve(name + ".crt"), certificatePem());
      Files.writeString(dir.resolve(name + ".key"), privateKeyPem());
      return this;
    }
  }

  private final Issued ca;

  TestCertificates(String name) {
    KeyPair keys = newKeyPair();
    this.ca = new Issued(keys, sign(new X500Name("CN=" + name), keys, keys, true));
  }

  Issued ca() {
    return ca;
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  Issued server(String commonName) {
    KeyPair keys = newKeyPair();
    return new Issued(keys, sign(new X500Name("CN=" + commonName), keys, ca.keys(), false));
  }

  /** A server certificate whose key is RSA 2048 (cert-manager's default), signed by this CA. */
  Issued rsaServer(String commonName) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      return new Issued(keys, sign(new X500Name("CN=" + commonName), keys, ca.keys(), false));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The key in OpenSSL's traditional encoding: PKCS#1 for RSA; SEC1 for EC with its curve inside, as {@code openssl
   * ecparam -genkey} and cert-manager write it (the JDK's own PKCS#8 leaves the curve out of the inner structure).
   */
  static String traditionalPem(KeyPair keys) throws IOException {
    if (keys.getPrivate().getAlgorithm().equals("RSA")) {
      java.io.StringWriter out = new java.io.StringWriter();
      try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer =
          new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
        writer.writeObject(keys);
      }
      return out.toString();
    }
    org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey inner =
        org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo publicKey =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256,
            inner.getKey(),
            publicKey.getPublicKeyData(),
            info.getPrivateKeyAlgorithm().getParameters());
    return pem("EC PRIVATE KEY", sec1.getEncoded());
  }

  /** The key as encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}). */
  static String encryptedPkcs8Pem(KeyPair keys, String password) throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer =
        new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
      writer.writeObject(
          new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(
              keys.getPrivate(),
              new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                      org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                  .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                  .setPassword(password.toCharArray())
                  .build()));
    }
    return out.toString();
  }

  /** A client certificate with this CN (the subject the server's access control sees). */
  Issued client(String commonName) {
    return server(commonName);
  }

  /** A client-side TLS context trusting this CA, presenting {@code clientCertificate} when not null. */
  SSLContext clientContext(Issued clientCertificate) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = null;
    if (clientCertificate != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "client",
          clientCertificate.keys().getPrivate(),
          new char[0],
          new X509Certificate[] {clientCertificate.certificate()});
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        keyManagers == null ? null : keyManagers.getKeyManagers(),
        trustManagers.getTrustManagers(),
        null);
    return context;
  }

  private X509Certificate sign(
      X500Name subject, KeyPair subjectKeys, KeyPair issuerKeys, boolean isCa) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              isCa ? subject : new X500Name(ca.certificate().getSubjectX500Principal().getName()),
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (!isCa) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                  new GeneralName(GeneralName.dNSName, "localhost")
                }));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
