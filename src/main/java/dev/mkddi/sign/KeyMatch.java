package dev.mkddi.sign;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Checks that a private key and a certificate belong together: the certificate's public key is the
 * public half of the private key (same RSA modulus and exponent, or the same EC curve and point
 * {@code d·G}). Stateless and thread-safe.
 */
public final class KeyMatch {
  private KeyMatch() {}

  /**
   * @param key a private key (RSA or EC)
   * @param publicKey a public key
   * @return whether {@code publicKey} is the public half of {@code key}
   */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (key instanceof RSAPrivateKey rsa) {
      if (!(publicKey instanceof RSAPublicKey pub) || !rsa.getModulus().equals(pub.getModulus())) {
        return false;
      }
      return !(rsa instanceof RSAPrivateCrtKey crt)
          || crt.getPublicExponent().equals(pub.getPublicExponent());
    }
    try {
      AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(key.getEncoded());
      AsymmetricKeyParameter pub = PublicKeyFactory.createKey(publicKey.getEncoded());
      if (priv instanceof ECPrivateKeyParameters ecPriv
          && pub instanceof ECPublicKeyParameters ecPub) {
        ECDomainParameters domain = ecPriv.getParameters();
        return domain.getCurve().equals(ecPub.getParameters().getCurve())
            && domain.getG().equals(ecPub.getParameters().getG())
            && new FixedPointCombMultiplier()
                .multiply(domain.getG(), ecPriv.getD())
                .normalize()
                .equals(ecPub.getQ().normalize());
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /**
   * Fails unless {@code key} and {@code certificate} belong together.
   *
   * @param key the private key
   * @param certificate the certificate that should carry its public key
   * @param keyName the key file, for the message
   * @param certificateName the certificate file, for the message
   * @throws InvalidInputException when they do not match
   */
  public static void check(
      PrivateKey key, X509Certificate certificate, String keyName, String certificateName)
      throws InvalidInputException {
    PublicKey pub = certificate.getPublicKey();
    if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
      throw new InvalidInputException(
          keyName
              + ": an "
              + key.getAlgorithm()
              + " key does not belong to "
              + certificateName
              + ", which holds an "
              + pub.getAlgorithm()
              + " public key");
    }
    if (!matches(key, pub)) {
      throw new InvalidInputException(
          keyName
              + ": the private key does not belong to the certificate "
              + certificateName
              + " (its public key differs)");
    }
  }
}
