package dev.mkddi.description;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes throw-away keys and self-signed certificates for tests (nothing is committed). */
final class TestKeys {
  private TestKeys() {}

  /**
   * @param algorithm "RSA" or "EC"
   * @return a fresh key pair
   */
  static KeyPair generate(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      g.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      g.initialize(2048);
    }
    return g.generateKeyPair();
  }

  /**
   * Writes {@code pair}'s private key (unencrypted PKCS#8 PEM, as openssl genpkey) to {@code key}.
   */
  static void writeKey(KeyPair pair, Path key) throws IOException {
    Files.createDirectories(key.getParent());
    try (Writer w = Files.newBufferedWriter(key);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
    }
  }

  /** Writes a self-signed certificate of {@code pair} (PEM) to {@code cert}. */
  static void writeCertificate(KeyPair pair, Path cert) throws IOException {
    try {
      X500Name name = new X500Name("CN=mkddi test");
      String alg =
          pair.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  BigInteger.ONE,
                  new Date(0),
                  new Date(4_000_000_000_000L),
                  name,
                  pair.getPublic())
              .build(new JcaContentSignerBuilder(alg).build(pair.getPrivate()));
      Files.createDirectories(cert.getParent());
      try (Writer w = Files.newBufferedWriter(cert);
          JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(holder);
      }
    } catch (OperatorCreationException e) {
      throw new IOException(e);
    }
  }

  /** Writes a matching key and certificate. */
  static void writePair(String algorithm, Path key, Path cert)
      throws IOException, GeneralSecurityException {
    KeyPair pair = generate(algorithm);
    writeKey(pair, key);
    writeCertificate(pair, cert);
  }
}
