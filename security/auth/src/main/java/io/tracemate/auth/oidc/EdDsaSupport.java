package io.tracemate.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * EdDSA (Ed25519) in nimbus' processor. Nimbus verifies Ed25519 only from the JWK itself ({@link Ed25519Verifier}
 * takes an {@link OctetKeyPair}), while its key selector hands the processor Java keys and drops JWKs it cannot
 * convert, so out of the box an EdDSA token finds no key. Here the key selector passes Ed25519 JWKs through
 * wrapped as a {@link PublicKey}, and the verifier factory unwraps them; RSA and EC keys take nimbus' own path.
 */
final class EdDsaSupport {
  private EdDsaSupport() {}

  static boolean isEdDsa(JWSAlgorithm algorithm) {
    return JWSAlgorithm.EdDSA.equals(algorithm) || JWSAlgorithm.Ed25519.equals(algorithm);
  }

  /** An Ed25519 public JWK carried where nimbus' processor expects a {@link Key}. */
  record Ed25519Key(OctetKeyPair jwk) implements PublicKey {
    private static final long serialVersionUID = 1L;

    @Override
    public String getAlgorithm() {
      return "Ed25519";
    }

    @Override
    public String getFormat() {
      return null;
    }

    @Override
    public byte[] getEncoded() {
      return null;
    }
  }

  /** Keys for a header: Ed25519 JWKs for EdDSA, nimbus' selection for the other allowed algorithms. */
  static final class KeySelector implements JWSKeySelector<SecurityContext> {
    private final Set<JWSAlgorithm> allowed;
    private final JWKSource<SecurityContext> source;
    private final JWSVerificationKeySelector<SecurityContext> standard;

    KeySelector(Set<JWSAlgorithm> allowed, JWKSource<SecurityContext> source) {
      this.allowed = Set.copyOf(allowed);
      this.source = source;
      Set<JWSAlgorithm> others = new HashSet<>(allowed);
      others.removeIf(EdDsaSupport::isEdDsa);
      this.standard = new JWSVerificationKeySelector<>(others, source);
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
        throws KeySourceException {
      JWSAlgorithm algorithm = header.getAlgorithm();
      if (!allowed.contains(algorithm)) {
        return List.of();
      }
      if (!isEdDsa(algorithm)) {
        return standard.selectJWSKeys(header, context);
      }
      JWKMatcher matcher =
          new JWKMatcher.Builder()
              .keyType(com.nimbusds.jose.jwk.KeyType.OKP)
              .curve(Curve.Ed25519)
              .keyID(header.getKeyID())
              .keyUses(com.nimbusds.jose.jwk.KeyUse.SIGNATURE, null)
              .algorithms(algorithm, null)
              .build();
      List<Key> keys = new ArrayList<>();
      for (JWK jwk : source.get(new JWKSelector(matcher), context)) {
        if (jwk instanceof OctetKeyPair okp) {
          keys.add(new Ed25519Key(okp.toPublicJWK()));
        }
      }
      return keys;
    }
  }

  /** Verifiers: Ed25519 for a wrapped JWK, nimbus' defaults otherwise. */
  static final class VerifierFactory implements JWSVerifierFactory {
    private final DefaultJWSVerifierFactory standard = new DefaultJWSVerifierFactory();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
      if (key instanceof Ed25519Key ed && isEdDsa(header.getAlgorithm())) {
        return new Ed25519Verifier(ed.jwk());
      }
      return standard.createJWSVerifier(header, key);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      Set<JWSAlgorithm> all = new HashSet<>(standard.supportedJWSAlgorithms());
      all.add(JWSAlgorithm.EdDSA);
      all.add(JWSAlgorithm.Ed25519);
      return all;
    }

    @Override
    public JCAContext getJCAContext() {
      return standard.getJCAContext();
    }
  }
}
