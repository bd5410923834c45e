package dev.mkddi.inspect;

import static dev.mkddi.inspect.SlotResolver.describe;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.sign.SignatureVerifier;
import dev.mkddi.sign.SignerTrust;
import dev.mkddi.verity.KiwiMetadataBlock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks the root-hash signatures of one {@link VeritySlot}: the signature partition and the {@code
 * .roothash.p7s} file, each a PKCS#7 signature over the lower-case hex root hash, against the
 * pinned certificate or else only against the certificate embedded in it (integrity, not trust).
 * The file must carry the same signature as the partition. Not thread-safe; one per slot.
 */
final class SignatureChecks {
  static final String SIGNATURE = "signature";
  static final String SIGNATURE_FILE = "signature-file";

  /** The largest signature file read: systemd-dissect's limit for a signature partition. */
  private static final long MAX_FILE_BYTES = 4L << 20;

  private final FileChannel ch;
  private final String name;
  private final VeritySlot slot;
  private final @Nullable X509Certificate pinned;
  private final boolean strict;
  private final String d;
  private final List<String> warnings = new ArrayList<>();
  private @Nullable SignatureCheck strongest;
  private boolean unchecked;

  /**
   * @param ch the image
   * @param name the image's name, for messages
   * @param pinned the certificate that must have signed, or null to use the embedded one
   * @param strict whether an unknown key in the signature JSON fails (else it is a warning)
   */
  SignatureChecks(
      FileChannel ch,
      String name,
      VeritySlot slot,
      @Nullable X509Certificate pinned,
      boolean strict) {
    this.ch = ch;
    this.name = name;
    this.slot = slot;
    this.pinned = pinned;
    this.strict = strict;
    this.d = slot.designator().designatorName();
  }

  /**
   * @param sidecar the slot's {@code .roothash.p7s} path (checked when it exists)
   * @param unreadable signature partitions that could not be read, one line each
   * @return the checks, in order
   * @throws IOException when reading fails
   */
  List<VerifyCheck> run(Path sidecar, List<String> unreadable) throws IOException {
    List<VerifyCheck> out = new ArrayList<>();
    for (String problem : unreadable) {
      out.add(VerifyCheck.failed(SIGNATURE, d, problem));
    }
    byte[] partitionSig = null;
    InspectedPartition p = slot.signature();
    if (p != null) {
      String where = describe(p);
      try {
        SignaturePartition sig = SignaturePartition.read(ch, p.offset(), p.size(), name);
        for (SignaturePartition.UnknownKey k : sig.unknownKeys()) {
          String line = SignatureInspector.unknownKey(name, p, k);
          if (strict) {
            out.add(VerifyCheck.failed(SIGNATURE, d, line));
          } else {
            warnings.add(line);
          }
        }
        partitionSig = sig.signature();
        SignatureCheck c = verify(partitionSig, where);
        String fp = sig.certificateFingerprint();
        if (fp != null && !fp.equals(c.signerFingerprint())) {
          out.add(
              VerifyCheck.failed(
                  SIGNATURE,
                  d,
                  where
                      + ": certificateFingerprint "
                      + fp
                      + " is not the signer's certificate (sha256 "
                      + c.signerFingerprint()
                      + ")"));
        } else {
          out.add(VerifyCheck.ok(SIGNATURE, d, "the signature in " + describe(p) + ": " + said(c)));
        }
      } catch (ImageBuildException e) {
        out.add(VerifyCheck.failed(SIGNATURE, d, String.valueOf(e.getMessage())));
      }
    }
    Optional<KiwiMetadataBlock> kiwi = Optional.ofNullable(slot.kiwi());
    if (Files.isRegularFile(sidecar)) {
      out.add(file(sidecar, partitionSig));
    } else if (p == null && unreadable.isEmpty() && kiwi.isEmpty()) {
      out.add(
          pinned != null
              ? VerifyCheck.failed(
                  SIGNATURE,
                  d,
                  "a certificate was given, but the "
                      + d
                      + " slot is unsigned: no signature partition, no "
                      + sidecar.getFileName())
              : VerifyCheck.skipped(
                  SIGNATURE, d, "unsigned: no signature partition, no " + sidecar.getFileName()));
    }
    kiwi.ifPresent(k -> out.add(kiwi(k)));
    return out;
  }

  /**
   * @return what the checks found that the consumers ignore, one line each (without {@code strict})
   */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * @return whether a signature was found that could not be checked (kiwi's metadata block, which
   *     holds no certificate, without {@code --certificate})
   */
  boolean unchecked() {
    return unchecked;
  }

  /**
   * kiwi's block against the given certificate, else against the signer of a PKCS#7 signature that
   * verified.
   */
  private VerifyCheck kiwi(KiwiMetadataBlock k) {
    X509Certificate cert = pinned != null ? pinned : strongest != null ? strongest.signer() : null;
    String origin =
        pinned != null
            ? "the given certificate"
            : "the certificate embedded in the root hash's PKCS#7 signature,";
    VerifyCheck c = KiwiSignatureCheck.check(k, slot.data(), d, cert, origin);
    if (c.status() == CheckStatus.OK && pinned != null) {
      strongest =
          new SignatureCheck(
              SignerTrust.PINNED_CERTIFICATE, pinned, Certificates.fingerprint(pinned));
    } else if (c.status() == CheckStatus.SKIPPED && k.hasSignature()) {
      unchecked = true;
    }
    return c;
  }

  /**
   * @return the check of the most trusting successful verification, or null when none succeeded
   */
  @Nullable SignatureCheck strongest() {
    return strongest;
  }

  private VerifyCheck file(Path sidecar, byte @Nullable [] partitionSig) throws IOException {
    long size = Files.size(sidecar);
    if (size > MAX_FILE_BYTES) {
      return VerifyCheck.failed(
          SIGNATURE_FILE, d, sidecar + ": " + size + " bytes is too large for a signature");
    }
    byte[] der = Files.readAllBytes(sidecar);
    SignatureCheck c;
    try {
      c = verify(der, sidecar.toString());
    } catch (ImageBuildException e) {
      return VerifyCheck.failed(SIGNATURE_FILE, d, String.valueOf(e.getMessage()));
    }
    if (partitionSig != null && !Arrays.equals(der, partitionSig)) {
      return VerifyCheck.failed(
          SIGNATURE_FILE,
          d,
          sidecar
              + " is valid but differs from the signature in "
              + describe(Objects.requireNonNull(slot.signature())));
    }
    return VerifyCheck.ok(
        SIGNATURE_FILE,
        d,
        sidecar.getFileName()
            + ": "
            + said(c)
            + (partitionSig != null
                ? "; the same bytes as " + describe(Objects.requireNonNull(slot.signature()))
                : ""));
  }

  private SignatureCheck verify(byte[] der, String where) throws ImageBuildException {
    SignatureCheck c =
        SignatureVerifier.verify(
            der, slot.rootHash().getBytes(StandardCharsets.US_ASCII), pinned, where);
    if (strongest == null || c.trusted()) {
      strongest = c;
    }
    return c;
  }

  private static String said(SignatureCheck c) {
    return "valid over the root hash, "
        + (c.trusted() ? "signed by the given certificate " : "embedded signer ")
        + Certificates.describe(c.signer());
  }
}
