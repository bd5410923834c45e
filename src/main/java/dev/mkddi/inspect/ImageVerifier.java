package dev.mkddi.inspect;

import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptReadResult;
import dev.mkddi.gpt.GptReader;
import dev.mkddi.gpt.GptTable;
import dev.mkddi.inspect.SlotResolution.Problem;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.sign.SignerTrust;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a Discoverable Disk Image for {@code mkddi verify}: the GPT, unique PARTUUIDs, the DPS
 * types, the root hash (every source must agree), the full dm-verity check of each slot (of an A/B
 * image: the slot the system boots first, then the other filled slots it falls back to), and the
 * root-hash signatures. It runs every check it can and returns them as a checklist; the first
 * failed check is the image's first problem. Thread-safe when the listener is.
 */
public final class ImageVerifier {
  static final String GPT = "gpt";
  static final String PARTITION_UUIDS = "partition-uuids";
  static final String PARTITION_TYPES = "partition-types";
  static final String ROOT_HASH = "root-hash";

  private final ProgressListener listener;

  /**
   * @param listener receives the progress of the verity checks
   */
  public ImageVerifier(ProgressListener listener) {
    this.listener = listener;
  }

  /**
   * Verifies an image.
   *
   * @param request the image and what it is checked against
   * @return the checklist
   * @throws dev.mkddi.io.InvalidInputException when the image has no valid GPT or the certificate
   *     is unreadable (bad input, not a bad image)
   * @throws IOException when reading fails
   */
  public VerifyReport verify(VerifyRequest request) throws IOException {
    X509Certificate pinned =
        request.certificate().isPresent() ? Certificates.load(request.certificate().get()) : null;
    X509Certificate secureBoot =
        request.secureBootCertificate().isPresent()
            ? Certificates.load(request.secureBootCertificate().get())
            : null;
    String name = request.image().toString();
    try (FileChannel ch = FileChannel.open(request.image(), StandardOpenOption.READ)) {
      GptReadResult read = GptReader.read(ch, name);
      List<InspectedPartition> parts = partitions(read);
      List<VerifyCheck> checks = new ArrayList<>();
      List<String> warnings = new ArrayList<>(read.warnings());
      checks.add(gpt(read));
      checks.add(uniqueUuids(parts));
      SideFiles sidecars = SideFiles.of(request.image());
      List<SlotResolution> found =
          new SlotResolver(ch, name, parts, sidecars, request.rootHash(), request.hashOffset())
              .resolve();
      checks.add(types(parts, found));
      boolean anySlot = found.stream().anyMatch(r -> r.slot() != null);
      List<VeritySlot> slots = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      Optional<SignerTrust> trust = Optional.of(SignerTrust.PINNED_CERTIFICATE);
      for (SlotResolution r : found) {
        notes.addAll(r.notes());
        String d = r.designator().designatorName();
        if (r.slot() == null) {
          if (r.problem() == Problem.NO_HASH_DEVICE && anySlot) {
            notes.add(r.message() + ": not protected by dm-verity, not verified");
          } else {
            String what = r.problem() == Problem.NO_HASH_DEVICE ? SlotVerifier.VERITY : ROOT_HASH;
            checks.add(VerifyCheck.failed(what, d, String.valueOf(r.message())));
          }
          r.signatureProblems()
              .forEach(p -> checks.add(VerifyCheck.failed(SignatureChecks.SIGNATURE, d, p)));
          continue;
        }
        VeritySlot s = r.slot();
        slots.add(s);
        checks.add(VerifyCheck.ok(ROOT_HASH, d, s.rootHash() + " from " + sources(s)));
        checks.add(new SlotVerifier(ch, name, s, listener).check());
        SignatureChecks sig = new SignatureChecks(ch, name, s, pinned, request.strict());
        checks.addAll(sig.run(sidecars.signatureFile(r.designator()), r.signatureProblems()));
        warnings.addAll(sig.warnings());
        checks.add(FilesystemInspector.check(ch, name, s.data(), d));
        trust = weaker(trust, sig.strongest(), sig.unchecked());
        for (VeritySlot other : r.others()) {
          slots.add(other);
          checks.add(
              VerifyCheck.ok(
                  ROOT_HASH,
                  d,
                  "the other A/B slot, partitions "
                      + other.data().number()
                      + "+"
                      + other.hash().number()
                      + " ("
                      + other.data().label()
                      + "): "
                      + other.rootHash()
                      + " from "
                      + sources(other)));
          checks.add(new SlotVerifier(ch, name, other, listener).check());
        }
      }
      checks.addAll(EspSignatures.check(ch, name, parts, secureBoot));
      if (slots.isEmpty() || checks.stream().anyMatch(VerifyCheck::failed)) {
        trust = Optional.empty();
      }
      return new VerifyReport(name, warnings, checks, slots, notes, trust);
    }
  }

  /**
   * @param read what the GPT reader found
   * @return the partitions, without details
   */
  public static List<InspectedPartition> partitions(GptReadResult read) {
    GptTable t = read.table();
    List<InspectedPartition> out = new ArrayList<>();
    for (int i = 0; i < t.partitions().size(); i++) {
      GptPartition p = t.partitions().get(i);
      out.add(
          new InspectedPartition(
              read.partitionNumbers().get(i),
              p.typeGuid(),
              p.type().orElse(null),
              p.uniqueGuid(),
              p.name(),
              p.offset(t.sectorSize()),
              p.size(t.sectorSize()),
              p.attributes(),
              List.of()));
    }
    return out;
  }

  private static VerifyCheck gpt(GptReadResult read) {
    GptTable t = read.table();
    if (!read.damage().isEmpty()) {
      return VerifyCheck.failed(GPT, null, String.join("; ", read.damage()));
    }
    return VerifyCheck.ok(
        GPT,
        null,
        plural(t.partitions().size(), "partition")
            + ", "
            + t.sectorSize()
            + "-byte sectors, CRCs valid"
            + (read.backupUsed() ? "; the primary GPT is damaged: read the backup" : ""));
  }

  private static VerifyCheck uniqueUuids(List<InspectedPartition> parts) {
    Map<UUID, InspectedPartition> seen = new HashMap<>();
    for (InspectedPartition p : parts) {
      InspectedPartition earlier = seen.putIfAbsent(p.uuid(), p);
      if (earlier != null) {
        return VerifyCheck.failed(
            PARTITION_UUIDS,
            null,
            "partitions "
                + earlier.number()
                + " and "
                + p.number()
                + " have the same PARTUUID "
                + p.uuid()
                + ": /dev/disk/by-partuuid/ is ambiguous");
      }
    }
    return VerifyCheck.ok(
        PARTITION_UUIDS,
        null,
        parts.size() == 1 ? "1 partition" : "all " + parts.size() + " differ");
  }

  private static VerifyCheck types(List<InspectedPartition> parts, List<SlotResolution> found) {
    if (found.isEmpty()) {
      return VerifyCheck.failed(
          PARTITION_TYPES,
          null,
          "no root or usr partition with a Discoverable Partitions type: nothing to verify");
    }
    String list =
        parts.stream()
            .filter(p -> p.type() != null && p.type().designator().verityDesignator().isPresent())
            .filter(p -> !SlotResolver.empty(p))
            .map(p -> Objects.requireNonNull(p.type()).name() + " (" + p.number() + ")")
            .collect(Collectors.joining(", "));
    return VerifyCheck.ok(PARTITION_TYPES, null, list);
  }

  /**
   * @param n a count
   * @param noun its noun, singular
   * @return e.g. {@code 1 partition}, {@code 3 partitions}
   */
  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String sources(VeritySlot s) {
    List<String> names = s.sources().stream().map(RootHashClaim::origin).toList();
    return names.size() == 1
        ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1))
            + " and "
            + names.get(names.size() - 1)
            + ", which agree";
  }

  private static Optional<SignerTrust> weaker(
      Optional<SignerTrust> soFar, @Nullable SignatureCheck c, boolean unchecked) {
    if (soFar.isEmpty() || c == null && !unchecked) {
      return Optional.empty();
    }
    SignerTrust t = c == null ? SignerTrust.SIGNATURE_UNCHECKED : c.trust();
    return Optional.of(t.compareTo(soFar.get()) > 0 ? t : soFar.get());
  }
}
