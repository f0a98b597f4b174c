package io.tracemate.server.tls;

import io.tracemate.server.tls.PemMaterial.BadTlsFileException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a private key from PEM in the encodings deployments hand over: PKCS#8 ({@code BEGIN PRIVATE KEY}), and
 * the traditional PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC ({@code BEGIN EC PRIVATE KEY}, possibly
 * after an {@code EC PARAMETERS} block) encodings that cert-manager writes by default and {@code openssl genrsa} /
 * {@code ecparam -genkey} produce. Bouncy Castle's PEM parser does the reading; keys come back as the JDK's own.
 * Encrypted keys are refused with what to do: a key whose password sits in a file beside it is no safer than the
 * key itself, so the file's permissions (or the secret store mounting it) are what protect it.
 */
final class PemKeys {
  private PemKeys() {}

  static PrivateKey read(String block, Path keyFile, byte[] bytes) {
    String where = block + ".key-file " + keyFile + ": ";
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        PrivateKeyInfo key =
            switch (object) {
              case PrivateKeyInfo pkcs8 -> pkcs8;
              case PEMKeyPair traditional -> traditional.getPrivateKeyInfo();
              case PEMEncryptedKeyPair encrypted -> throw encrypted(where);
              case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(where);
              default -> null; // EC PARAMETERS, or a certificate kept in the same file
            };
        if (key != null) {
          return new JcaPEMKeyConverter().getPrivateKey(key);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadTlsFileException bad) {
        throw bad;
      }
      throw new BadTlsFileException(where + "not a PEM private key: " + e.getMessage(), e);
    }
    throw new BadTlsFileException(
        where
            + "no PEM private key in it (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE"
            + " KEY)",
        null);
  }

  private static BadTlsFileException encrypted(String where) {
    return new BadTlsFileException(
        where
            + "the key is encrypted; give it unencrypted (openssl pkey -in KEY -out KEY.plain) and protect"
            + " the file by its permissions or the secret store that mounts it",
        null);
  }
}
