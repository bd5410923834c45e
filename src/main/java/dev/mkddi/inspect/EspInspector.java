package dev.mkddi.inspect;

import dev.mkddi.inspect.EspSignatures.EspFile;
import dev.mkddi.sign.SignatureCheck;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the Authenticode signers of the PE files on an EFI system partition for {@code inspect}:
 * per file its path, and per signature the signer's subject and certificate SHA-256 (what to enroll
 * in, or compare with, the firmware's db). Stateless and thread-safe.
 */
final class EspInspector implements PartitionInspector {
  /**
   * The boot chain's signatures.
   *
   * @param files one entry per signature of each PE file, an unsigned file once
   */
  record Authenticode(List<SignedFile> files) {
    Authenticode {
      files = List.copyOf(files);
    }
  }

  /**
   * One signature of a PE file on the ESP.
   *
   * @param file its path on the ESP
   * @param signer the signer's subject, or {@code unsigned}, or {@code invalid: …} when the
   *     signature does not verify
   * @param sha256 the signer certificate's SHA-256, or empty
   */
  record SignedFile(String file, String signer, String sha256) {}

  @Override
  public Optional<PartitionDetails> inspect(
      FileChannel image, String imageName, InspectedPartition partition) throws IOException {
    if (!EspSignatures.isEsp(partition)) {
      return Optional.empty();
    }
    List<SignedFile> out = new ArrayList<>();
    for (EspFile f : EspSignatures.read(image, imageName, partition)) {
      if (f.problem() != null) {
        out.add(new SignedFile(f.path(), "invalid: " + f.problem(), ""));
      } else if (f.signers().isEmpty()) {
        out.add(new SignedFile(f.path(), "unsigned", ""));
      }
      for (SignatureCheck c : f.signers()) {
        out.add(
            new SignedFile(
                f.path(), c.signer().getSubjectX500Principal().getName(), c.signerFingerprint()));
      }
    }
    return out.isEmpty()
        ? Optional.empty()
        : Optional.of(new PartitionDetails("authenticode", new Authenticode(out), null));
  }
}
