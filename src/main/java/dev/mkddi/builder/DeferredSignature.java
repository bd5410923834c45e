package dev.mkddi.builder;

import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptReader;
import dev.mkddi.gpt.VerityUuids;
import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.sidecar.Manifest;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.SignConstants;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.sign.SignatureVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The second stage of two-stage signing ({@code mkddi sign}): puts a PKCS#7 signature of the root
 * hash into the signature partition that {@code mkddi build --defer-signature} reserved and left
 * empty, writes {@code .roothash.p7s} and states the signature in the {@code .json} manifest.
 * Nothing else in the image changes, so the result is byte-identical to a one-stage build signed
 * with the same (deterministic) key. Everything is checked before the first byte is written: the
 * image is a deferred mkddi build whose root hash is the manifest's and {@code .roothash}'s (the
 * root and verity PARTUUIDs derive from it), its signature partition is empty, and the signature
 * verifies over that root hash with the given certificate. Stateless.
 */
public final class DeferredSignature {
  private static final String SIGNATURE_ROLE = "root-verity-sig";

  private DeferredSignature() {}

  /**
   * The root hash a deferred image waits to have signed, after the checks of {@link #fill} that
   * need no signature.
   *
   * @param image the image of {@code mkddi build --defer-signature}
   * @return the root hash, lower-case hex: the content of {@code .roothash}
   * @throws InvalidInputException when the image is not a deferred, unsigned mkddi build
   * @throws IOException when a file cannot be read
   */
  public static String rootHash(Path image) throws IOException {
    return Target.open(image).rootHash;
  }

  /**
   * Adds a signature to a deferred image.
   *
   * @param image the image of {@code mkddi build --defer-signature}
   * @param der the DER PKCS#7 signature of the lower-case hex root hash (detached, as {@code
   *     .roothash.p7s})
   * @param certificate the signer's certificate: the signature must verify with it
   * @return what was verified
   * @throws InvalidInputException when the image is not a deferred, unsigned mkddi build
   * @throws dev.mkddi.io.CheckFailedException when the signature is not one of this root hash by
   *     this certificate
   * @throws IOException when a file cannot be read or written
   */
  public static SignatureCheck fill(Path image, byte[] der, X509Certificate certificate)
      throws IOException {
    Target t = Target.open(image);
    SignatureCheck check =
        SignatureVerifier.verify(
            der,
            t.rootHash.getBytes(StandardCharsets.US_ASCII),
            certificate,
            "the signature of root hash " + t.rootHash);
    String fingerprint = Certificates.fingerprint(certificate);
    byte[] content = SignaturePartition.encode(t.rootHash, fingerprint, der);
    SideFiles side = SideFiles.of(image);
    Path p7s = side.file("roothash.p7s");
    Manifest signed = t.manifest.withSignature(p7s.getFileName().toString(), fingerprint);
    try (AtomicFile sigFile = AtomicFile.create(p7s);
        AtomicFile json = AtomicFile.create(side.manifest());
        FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
      PositionalIo.writeFully(sigFile.channel(), ByteBuffer.wrap(der), 0);
      PositionalIo.writeFully(json.channel(), ByteBuffer.wrap(signed.toJson()), 0);
      PositionalIo.writeFully(ch, ByteBuffer.wrap(content), t.signatureOffset);
      ch.force(true);
      sigFile.commit();
      json.commit();
    }
    return check;
  }

  /** A deferred image, checked: its manifest, root hash and empty signature partition. */
  private static final class Target {
    final Manifest manifest;
    final String rootHash;
    final long signatureOffset;

    private Target(Manifest manifest, String rootHash, long signatureOffset) {
      this.manifest = manifest;
      this.rootHash = rootHash;
      this.signatureOffset = signatureOffset;
    }

    static Target open(Path image) throws IOException {
      if (!Files.isRegularFile(image)) {
        throw new InvalidInputException(
            image + (Files.exists(image) ? ": not a regular file" : ": does not exist"));
      }
      SideFiles side = SideFiles.of(image);
      Path json = side.manifest();
      if (!Files.isRegularFile(json)) {
        throw new InvalidInputException(
            json
                + ": does not exist; mkddi sign needs the manifest mkddi build wrote beside the"
                + " image");
      }
      Manifest m = Manifest.read(json);
      if (m.signed()) {
        throw new InvalidInputException(
            image + ": already signed (" + json.getFileName() + " says so); nothing was changed");
      }
      Path rootHashFile = side.file("roothash");
      String fromFile =
          Files.isRegularFile(rootHashFile)
              ? Files.readString(rootHashFile, StandardCharsets.US_ASCII).strip()
              : "";
      if (!fromFile.equals(m.rootHash())) {
        throw new InvalidInputException(
            rootHashFile
                + ": expected the manifest's root hash "
                + m.rootHash()
                + ", got '"
                + fromFile
                + "'");
      }
      Manifest.Partition sig = signaturePartition(image, m);
      try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
        List<GptPartition> gpt = GptReader.read(ch, image.toString()).table().partitions();
        checkGpt(image, m, gpt, sig);
        checkEmpty(image, ch, sig);
      }
      return new Target(m, m.rootHash(), sig.offset());
    }

    private static Manifest.Partition signaturePartition(Path image, Manifest m)
        throws InvalidInputException {
      List<Manifest.Partition> sigs =
          m.partitions().stream().filter(p -> SIGNATURE_ROLE.equals(p.role())).toList();
      if (sigs.size() != 1) {
        throw new InvalidInputException(
            image
                + ": has "
                + sigs.size()
                + " signature partitions, expected 1; build with --defer-signature (and"
                + " verity_partition=\"true\") to reserve one");
      }
      if (sigs.get(0).size() < SignConstants.SIGNATURE_PARTITION_SIZE) {
        throw new InvalidInputException(
            image + ": the signature partition is smaller than a signature partition");
      }
      return sigs.get(0);
    }

    /** The GPT agrees with the manifest, and the verity PARTUUIDs derive from its root hash. */
    private static void checkGpt(
        Path image, Manifest m, List<GptPartition> gpt, Manifest.Partition sig)
        throws InvalidInputException {
      byte[] hash = Hex.decode("the manifest's root hash", m.rootHash());
      for (Manifest.Partition p : m.partitions()) {
        Optional<GptPartition> g =
            gpt.stream()
                .filter(x -> x.firstLba() * m.sectorSize() == p.offset())
                .filter(x -> x.typeGuid().toString().equals(p.typeGuid()))
                .findFirst();
        if (g.isEmpty() || !g.get().uniqueGuid().toString().equals(p.uuid())) {
          throw new InvalidInputException(
              image
                  + ": partition "
                  + p.number()
                  + " ("
                  + p.label()
                  + ") is not where "
                  + m.image()
                  + "'s manifest puts it; is this the image that was built?");
        }
        @Nullable UUID expected =
            switch (p.role()) {
              case "root" -> VerityUuids.dataPartitionUuid(hash);
              case "root-verity" -> VerityUuids.hashPartitionUuid(hash);
              default -> null;
            };
        if (expected != null && !expected.equals(g.get().uniqueGuid())) {
          throw new InvalidInputException(
              image
                  + ": the PARTUUID of "
                  + p.label()
                  + " is "
                  + g.get().uniqueGuid()
                  + ", expected "
                  + expected
                  + " from root hash "
                  + m.rootHash());
        }
      }
    }

    private static void checkEmpty(Path image, FileChannel ch, Manifest.Partition sig)
        throws IOException {
      if (!SignaturePartition.reservedEmpty(ch, sig.offset(), sig.size())) {
        throw new InvalidInputException(
            image
                + ": the signature partition at offset "
                + sig.offset()
                + " is not empty: already signed; nothing was changed");
      }
    }
  }
}
