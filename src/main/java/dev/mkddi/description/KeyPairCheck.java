package dev.mkddi.description;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Checks that a PEM private key belongs to a PEM certificate: a test message signed with the key
 * must verify with the certificate's public key (works for RSA, EC and EdDSA alike), using a
 * private Bouncy Castle provider instance (none is registered globally). Nothing is kept or
 * written. Stateless.
 */
final class KeyPairCheck {
  private static final Set<String> SUPPORTED = Set.of("RSA", "EC", "ECDSA");
  private static final byte[] PROBE = "mkddi key pair check".getBytes(StandardCharsets.US_ASCII);

  /** The outcome. */
  enum Result {
    /** The key belongs to the certificate. */
    MATCH,
    /** They do not belong together. */
    MISMATCH,
    /** The key is encrypted: checked by the build, which has the password. */
    ENCRYPTED
  }

  private KeyPairCheck() {}

  /**
   * @param key a PEM private key (PKCS#1, SEC1 or PKCS#8)
   * @param certificate a PEM (or DER) X.509 certificate
   * @return whether they match
   * @throws IOException with a one-line reason when a file is unreadable or not what it should be
   */
  static Result check(Path key, Path certificate) throws IOException {
    return check(key, certificate(certificate));
  }

  /**
   * @param key a PEM private key (PKCS#1, SEC1 or PKCS#8)
   * @param cert the certificate, as {@link #certificate} read it
   * @return whether they match
   * @throws IOException with a one-line reason when the key is unreadable or not what it should be
   */
  static Result check(Path key, X509Certificate cert) throws IOException {
    Object pem;
    try (Reader r = Files.newBufferedReader(key, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      pem = parser.readObject();
    } catch (PEMException | IllegalArgumentException e) {
      throw new IOException(key + " is not a PEM private key: " + e.getMessage());
    }
    if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
      return Result.ENCRYPTED;
    }
    PrivateKeyInfo info;
    if (pem instanceof PEMKeyPair pair) {
      info = pair.getPrivateKeyInfo();
    } else if (pem instanceof PrivateKeyInfo pki) {
      info = pki;
    } else if (pem instanceof X509CertificateHolder) {
      throw new IOException(key + " holds a certificate, not a private key");
    } else {
      throw new IOException(key + " is not a PEM private key");
    }
    try {
      Provider bc = new BouncyCastleProvider();
      PrivateKey priv = new JcaPEMKeyConverter().setProvider(bc).getPrivateKey(info);
      if (!SUPPORTED.contains(priv.getAlgorithm())) {
        throw new IOException(
            key
                + ": unsupported key type "
                + priv.getAlgorithm()
                + " (expected RSA or EC P-256/P-384/P-521)");
      }
      return signs(priv, cert.getPublicKey(), bc) ? Result.MATCH : Result.MISMATCH;
    } catch (PEMException | GeneralSecurityException e) {
      throw new IOException(key + ": unusable private key: " + e.getMessage());
    }
  }

  /**
   * @param file a PEM (or DER) X.509 certificate
   * @return the certificate
   * @throws IOException with a one-line reason when the file is unreadable or no certificate
   */
  static X509Certificate certificate(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (CertificateException | ClassCastException e) {
      throw new IOException(file + ": not a PEM or DER X.509 certificate");
    }
  }

  private static boolean signs(PrivateKey priv, PublicKey pub, Provider bc)
      throws GeneralSecurityException {
    String alg = algorithm(priv.getAlgorithm());
    if (!algorithm(pub.getAlgorithm()).equals(alg)) {
      return false;
    }
    Signature s = Signature.getInstance(alg, bc);
    s.initSign(priv);
    s.update(PROBE);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(alg, bc);
    v.initVerify(pub);
    v.update(PROBE);
    return v.verify(sig);
  }

  private static String algorithm(String keyAlgorithm) {
    switch (keyAlgorithm) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
      case "ECDSA":
        return "SHA256withECDSA";
      default:
        return keyAlgorithm;
    }
  }
}
