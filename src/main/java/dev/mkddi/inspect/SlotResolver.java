package dev.mkddi.inspect;

import dev.mkddi.description.DiskLayout;
import dev.mkddi.description.Versions;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.VerityUuids;
import dev.mkddi.inspect.SlotResolution.Problem;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sidecar.Manifest;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.verity.KiwiMetadataBlock;
import dev.mkddi.verity.KiwiMetadataConstants;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityParams;
import dev.mkddi.verity.VeritySuperblock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Finds the dm-verity slots of an image and the root hash of each, for {@code verify} and {@code
 * cmdline}. Sources, most trusted first: the {@code --root-hash} option, the {@code .roothash}
 * ({@code .usrhash}) file, the signature partition, kiwi's metadata block, the PARTUUIDs of the
 * data/hash pair. Every source that exists must agree. Of several A/B slots, the one whose
 * PARTUUIDs match the root hash is chosen, else the newest version by label (systemd's version
 * order, as systemd-boot picks the newest UKI); the other filled slots are reported too, with the
 * root hash of their PARTUUIDs; {@code _empty} slots are skipped. Not thread-safe; one per image.
 */
final class SlotResolver {
  private static final UUID ZERO_UUID = new UUID(0, 0);
  private static final List<PartitionDesignator> FAMILIES =
      List.of(PartitionDesignator.ROOT, PartitionDesignator.USR);

  private final FileChannel ch;
  private final String name;
  private final List<InspectedPartition> parts;
  private final SideFiles sidecars;
  private final Optional<String> option;
  private final OptionalLong hashOffset;

  /**
   * @param ch the image
   * @param name the image's name, for messages
   * @param parts its partitions
   * @param sidecars the files next to it
   * @param option the root hash the user gave (lower-case hex)
   * @param hashOffset the hash offset the user gave for a hash tree inside the root partition
   */
  SlotResolver(
      FileChannel ch,
      String name,
      List<InspectedPartition> parts,
      SideFiles sidecars,
      Optional<String> option,
      OptionalLong hashOffset) {
    this.ch = ch;
    this.name = name;
    this.parts = List.copyOf(parts);
    this.sidecars = sidecars;
    this.option = option;
    this.hashOffset = hashOffset;
  }

  /**
   * @return one resolution per designator (root, usr) the image has partitions of
   * @throws IOException when the image or a side file cannot be read
   */
  List<SlotResolution> resolve() throws IOException {
    PartitionDesignator optionFamily =
        filled(PartitionDesignator.ROOT).isEmpty() && !filled(PartitionDesignator.USR).isEmpty()
            ? PartitionDesignator.USR
            : PartitionDesignator.ROOT;
    List<SlotResolution> out = new ArrayList<>();
    for (PartitionDesignator f : FAMILIES) {
      PartitionDesignator verity = f.verityDesignator().orElseThrow();
      PartitionDesignator sig = signatureDesignator(f);
      if (!filled(f).isEmpty() || !filled(verity).isEmpty() || !filled(sig).isEmpty()) {
        out.add(new Family(f, f == optionFamily).resolve());
      }
    }
    return out;
  }

  /**
   * The lenient mode, for {@code inspect}: the image's most trusted root hash without choosing or
   * checking a slot — the {@code .roothash} file, else a root hash stated by partition content (the
   * signature JSON), else the PARTUUIDs of the one verity data/hash pair (root, else usr). Where
   * {@link #resolve} fails, it warns: a side file that is not a root hash is ignored, and every
   * source that disagrees with the chosen one is named.
   *
   * @param image the image's name, for messages
   * @param sidecars the files next to it
   * @param parts its partitions, with their details
   * @param listener receives warnings
   * @return the most trusted root hash, or empty when no source states one
   * @throws IOException when a side file exists but cannot be read
   */
  static Lenient lenient(
      String image, SideFiles sidecars, List<InspectedPartition> parts, ProgressListener listener)
      throws IOException {
    Optional<String> sidecar = Optional.empty();
    try {
      sidecar = sidecars.rootHash(PartitionDesignator.ROOT);
    } catch (InvalidInputException e) {
      listener.warn(e.getMessage() + " (root hash sidecar ignored)");
    }
    List<VerityPair> slots = slots(parts, PartitionDesignator.ROOT);
    if (slots.isEmpty()) {
      slots = slots(parts, PartitionDesignator.USR);
    }
    Optional<VerityPair> chosen = Optional.empty();
    if (slots.size() == 1) {
      chosen = Optional.of(slots.get(0));
    } else if (slots.size() > 1) {
      String wanted = sidecar.orElse("");
      chosen = slots.stream().filter(p -> p.uuidsMatch(wanted)).findFirst();
      if (chosen.isEmpty()) {
        chosen = slots.stream().max((a, b) -> Versions.compare(a.data().label(), b.data().label()));
      }
    }
    List<RootHash> found = new ArrayList<>();
    sidecar.ifPresent(
        h ->
            found.add(
                new RootHash(
                    h,
                    RootHashSource.SIDECAR,
                    sidecars.rootHashFile(PartitionDesignator.ROOT).toString())));
    for (InspectedPartition p : parts) {
      for (PartitionDetails d : p.details()) {
        String h = d.rootHash() == null ? null : d.rootHash().toLowerCase(Locale.ROOT);
        if (h != null && !ofOtherSlot(h, slots, chosen)) {
          found.add(
              new RootHash(
                  h,
                  RootHashSource.PARTITION_CONTENT,
                  "the " + d.key() + " in partition " + p.number()));
        }
      }
    }
    boolean ab = slots.size() > 1;
    chosen.ifPresent(pair -> found.add(fromUuids(pair, ab)));
    List<RootHash> others = new ArrayList<>();
    for (VerityPair pair : slots) {
      if (chosen.isPresent() && !pair.equals(chosen.get())) {
        others.add(fromUuids(pair, true));
      }
    }
    if (found.isEmpty()) {
      return new Lenient(Optional.empty(), others);
    }
    RootHash best = found.get(0);
    for (RootHash other : found.subList(1, found.size())) {
      if (!other.hex().equals(best.hex())) {
        listener.warn(
            image
                + ": the root hash from "
                + other.origin()
                + " ("
                + other.hex()
                + ") differs from the one from "
                + best.origin()
                + " ("
                + best.hex()
                + ")");
      }
    }
    return new Lenient(Optional.of(best), others);
  }

  /**
   * What the lenient mode found.
   *
   * @param rootHash the most trusted root hash of the slot the system boots
   * @param otherSlots the root hashes of the other filled A/B slots, from their PARTUUIDs
   */
  record Lenient(Optional<RootHash> rootHash, List<RootHash> otherSlots) {}

  /** Whether a root hash is that of a slot other than the chosen one (its signature, say). */
  private static boolean ofOtherSlot(
      String hex, List<VerityPair> slots, Optional<VerityPair> chosen) {
    return chosen.isPresent()
        && !chosen.get().uuidsMatch(hex)
        && slots.stream().anyMatch(p -> p.uuidsMatch(hex));
  }

  /** The filled data/hash slots of a designator: the n-th data with the n-th hash partition. */
  private static List<VerityPair> slots(List<InspectedPartition> parts, PartitionDesignator data) {
    PartitionDesignator hash = data.verityDesignator().orElseThrow();
    List<InspectedPartition> ds = parts.stream().filter(p -> is(p, data)).toList();
    List<InspectedPartition> hs = parts.stream().filter(p -> is(p, hash)).toList();
    List<VerityPair> out = new ArrayList<>();
    for (InspectedPartition d : ds) {
      List<InspectedPartition> sameArch = sameArchitecture(ds, d);
      List<InspectedPartition> hashArch = sameArchitecture(hs, d);
      int n = sameArch.indexOf(d);
      if (n < hashArch.size()) {
        out.add(new VerityPair(d, hashArch.get(n)));
      }
    }
    return out;
  }

  /**
   * The root hash a data/hash pair's PARTUUIDs spell; of an A/B image the origin names the label.
   */
  private static RootHash fromUuids(VerityPair pair, boolean ab) {
    return new RootHash(
        Hex.encode(VerityUuids.rootHash(pair.data().uuid(), pair.hash().uuid())),
        RootHashSource.PARTITION_UUIDS,
        "the PARTUUIDs of partitions "
            + pair.data().number()
            + " and "
            + pair.hash().number()
            + (ab ? " (" + pair.data().label() + ")" : ""));
  }

  /** A filled partition of a designator whose PARTUUID is set. */
  private static boolean is(InspectedPartition p, PartitionDesignator designator) {
    PartitionType t = p.type();
    return t != null && t.designator() == designator && !empty(p) && !p.uuid().equals(ZERO_UUID);
  }

  /** The partitions of one designator that are not empty A/B slots. */
  private List<InspectedPartition> filled(PartitionDesignator d) {
    return parts.stream()
        .filter(p -> p.type() != null && p.type().designator() == d && !empty(p))
        .toList();
  }

  /** Whether a partition is an empty A/B slot, which holds nothing yet. */
  static boolean empty(InspectedPartition p) {
    return p.label().equals(DiskLayout.EMPTY_SLOT_LABEL);
  }

  private Optional<RootHashClaim> sideFileClaim(PartitionDesignator f) throws IOException {
    return sidecars
        .rootHash(f)
        .map(h -> new RootHashClaim(h, sidecars.rootHashFile(f).toString(), false));
  }

  private static PartitionDesignator signatureDesignator(PartitionDesignator f) {
    return f == PartitionDesignator.USR
        ? PartitionDesignator.USR_VERITY_SIG
        : PartitionDesignator.ROOT_VERITY_SIG;
  }

  static String describe(InspectedPartition p) {
    return "partition " + p.number() + " (" + (p.label().isEmpty() ? "no label" : p.label()) + ")";
  }

  static boolean uuidsMatch(InspectedPartition data, InspectedPartition hash, String hex) {
    byte[] h;
    try {
      h = Hex.decode("root hash", hex);
    } catch (InvalidInputException e) {
      return false;
    }
    return h.length >= 16
        && data.uuid().equals(VerityUuids.dataPartitionUuid(h))
        && hash.uuid().equals(VerityUuids.hashPartitionUuid(h));
  }

  /** The resolution of one designator. */
  private final class Family {
    private final PartitionDesignator f;
    private final boolean optionApplies;
    private final List<String> notes = new ArrayList<>();
    private final List<String> sigProblems = new ArrayList<>();
    private final Map<InspectedPartition, SignaturePartition> sigs = new LinkedHashMap<>();
    private final List<VeritySlot> others = new ArrayList<>();

    Family(PartitionDesignator f, boolean optionApplies) {
      this.f = f;
      this.optionApplies = optionApplies;
    }

    SlotResolution resolve() throws IOException {
      PartitionDesignator verity = f.verityDesignator().orElseThrow();
      PartitionDesignator sigType = signatureDesignator(f);
      List<InspectedPartition> empties =
          parts.stream()
              .filter(
                  p -> p.type() != null && empty(p) && p.type().designator().dataDesignator() == f)
              .toList();
      if (!empties.isEmpty()) {
        notes.add(
            "partition"
                + (empties.size() == 1 ? " " : "s ")
                + numbers(empties)
                + (empties.size() == 1 ? " is an empty A/B slot" : " are empty A/B slots")
                + " (_empty): skipped");
      }
      for (InspectedPartition p : filled(sigType)) {
        if (SignaturePartition.reservedEmpty(ch, p.offset(), p.size())) {
          notes.add(
              describe(p)
                  + " is reserved and empty: the signature was deferred (mkddi build"
                  + " --defer-signature); mkddi sign adds it");
          continue;
        }
        try {
          sigs.put(p, SignaturePartition.read(ch, p.offset(), p.size(), name));
        } catch (InvalidInputException e) {
          sigProblems.add(describe(p) + ": " + e.getMessage());
        }
      }
      List<RootHashClaim> explicit = new ArrayList<>();
      if (optionApplies && option.isPresent()) {
        explicit.add(
            new RootHashClaim(option.get().toLowerCase(Locale.ROOT), "--root-hash", false));
      }
      try {
        sideFileClaim(f).ifPresent(explicit::add);
        if (optionApplies && f == PartitionDesignator.USR) {
          sideFileClaim(PartitionDesignator.ROOT).ifPresent(explicit::add);
        }
      } catch (InvalidInputException e) {
        return problem(Problem.CONFLICT, String.valueOf(e.getMessage()));
      }
      List<InspectedPartition> data = filled(f);
      List<InspectedPartition> hashes = filled(verity);
      if (data.isEmpty()) {
        InspectedPartition orphan = hashes.isEmpty() ? filled(sigType).get(0) : hashes.get(0);
        return problem(
            Problem.NO_HASH_DEVICE,
            describe(orphan) + " protects no " + f + " partition: the image has none");
      }
      return hashes.isEmpty() ? inPartition(data, explicit) : separate(data, hashes, explicit);
    }

    private SlotResolution separate(
        List<InspectedPartition> data,
        List<InspectedPartition> hashes,
        List<RootHashClaim> explicit) {
      List<VerityPair> candidates = new ArrayList<>();
      List<VerityPair> slots = new ArrayList<>();
      for (InspectedPartition d : data) {
        for (InspectedPartition h : hashes) {
          if (architecture(d) == architecture(h)) {
            candidates.add(new VerityPair(d, h));
          }
        }
        // the n-th data and n-th hash partition of an architecture make a slot, as written
        List<InspectedPartition> sameArch = sameArchitecture(data, d);
        List<InspectedPartition> hashArch = sameArchitecture(hashes, d);
        int n = sameArch.indexOf(d);
        if (n < hashArch.size()) {
          slots.add(new VerityPair(d, hashArch.get(n)));
        }
      }
      if (candidates.isEmpty()) {
        return problem(
            Problem.NO_HASH_DEVICE,
            "no " + f + "-verity partition has the architecture of " + describe(data.get(0)));
      }
      Optional<VerityPair> choice = choose(candidates, slots, explicit);
      if (choice.isEmpty()) {
        return explicit.isEmpty()
            ? problem(
                Problem.NO_ROOT_HASH,
                slots.size()
                    + " verity slots ("
                    + slots(slots)
                    + ") and nothing to choose one by: give --root-hash")
            : problem(
                Problem.CONFLICT,
                "no verity slot has the PARTUUIDs of the root hash from "
                    + explicit.get(0).origin()
                    + " ("
                    + explicit.get(0).hex()
                    + "); the slots are "
                    + slots(slots));
      }
      VerityPair chosen = choice.get();
      for (VerityPair other : slots) {
        if (!other.equals(chosen)) {
          others.add(other(other));
        }
      }
      List<RootHashClaim> claims = new ArrayList<>(explicit);
      InspectedPartition signature = null;
      for (Map.Entry<InspectedPartition, SignaturePartition> s : sigs.entrySet()) {
        String hex = s.getValue().rootHash();
        if (slots.size() <= 1 || chosen.uuidsMatch(hex)) {
          claims.add(new RootHashClaim(hex, "the signature in " + describe(s.getKey()), false));
          signature = signature == null ? s.getKey() : signature;
        } else {
          notes.add(describe(s.getKey()) + " signs another slot (root hash " + hex + ")");
        }
      }
      claims.add(
          new RootHashClaim(
              Hex.encode(VerityUuids.rootHash(chosen.data().uuid(), chosen.hash().uuid())),
              "the PARTUUIDs of partitions "
                  + chosen.data().number()
                  + " and "
                  + chosen.hash().number(),
              true));
      return agree(chosen.data(), chosen.hash(), 0, claims, signature, null);
    }

    /**
     * The data/hash pair whose PARTUUIDs match the most trusted explicit root hash (or, without
     * one, a signature). A single slot is taken anyway, so that a mismatch is named. Empty when
     * nothing decides.
     */
    private Optional<VerityPair> choose(
        List<VerityPair> candidates, List<VerityPair> slots, List<RootHashClaim> ex) {
      List<String> wanted =
          ex.isEmpty()
              ? sigs.values().stream().map(SignaturePartition::rootHash).toList()
              : List.of(ex.get(0).hex());
      List<VerityPair> matching =
          candidates.stream().filter(p -> wanted.stream().anyMatch(h -> p.uuidsMatch(h))).toList();
      if (matching.size() == 1 || !ex.isEmpty() && !matching.isEmpty()) {
        return Optional.of(matching.get(0));
      }
      if (slots.size() == 1) {
        return Optional.of(slots.get(0));
      }
      if (!ex.isEmpty() || slots.isEmpty()) {
        return Optional.empty();
      }
      // as the booted system: systemd-boot starts the newest version's UKI, whose roothash= names
      // that version's slot; the version is in the labels (<name>_<version>)
      List<VerityPair> pool = matching.size() > 1 ? matching : slots;
      VerityPair newest = pool.get(0);
      for (VerityPair p : pool) {
        if (Versions.compare(p.data().label(), newest.data().label()) > 0) {
          newest = p;
        }
      }
      notes.add(
          "of the "
              + pool.size()
              + " filled A/B slots ("
              + pool.stream()
                  .map(p -> p.numbers() + " " + p.data().label())
                  .collect(Collectors.joining(", "))
              + "), partitions "
              + newest.numbers()
              + " ("
              + newest.data().label()
              + ") hold the newest version by label, the one the system boots; give --root-hash"
              + " to check another as the booted one");
      return Optional.of(newest);
    }

    private SlotResolution inPartition(List<InspectedPartition> data, List<RootHashClaim> explicit)
        throws IOException {
      if (data.size() != 1) {
        return problem(
            Problem.NO_HASH_DEVICE,
            "partitions " + numbers(data) + " (" + f + ") have no " + f + "-verity partition");
      }
      InspectedPartition d = data.get(0);
      Optional<KiwiMetadataBlock> kiwi;
      OptionalLong manifest;
      try {
        kiwi = KiwiMetadataBlock.read(ch, d.offset(), d.size(), name);
        manifest =
            f == PartitionDesignator.ROOT
                ? Manifest.inPartitionHashOffset(sidecars.manifest())
                : OptionalLong.empty();
      } catch (InvalidInputException e) {
        return problem(Problem.CONFLICT, String.valueOf(e.getMessage()));
      }
      if (kiwi.isEmpty()) {
        OptionalLong known = optionApplies && hashOffset.isPresent() ? hashOffset : manifest;
        Optional<FormatException> damaged =
            KiwiMetadataBlock.unrecognised(
                ch, d.offset(), d.size(), name, describe(d), afterTheTree(d, known));
        if (damaged.isPresent()) {
          return problem(
              Problem.CONFLICT,
              damaged.get().getMessage()
                  + (known.isPresent()
                      ? ""
                      : "; nothing else says where the hash tree inside it starts"));
        }
      }
      long offset;
      String offsetOrigin;
      if (optionApplies && hashOffset.isPresent()) {
        offset = hashOffset.getAsLong();
        offsetOrigin = "--hash-offset " + offset;
      } else if (manifest.isPresent()) {
        offset = manifest.getAsLong();
        offsetOrigin = "hash offset " + offset + " from " + sidecars.manifest().getFileName();
      } else if (kiwi.isPresent()) {
        offset = kiwi.get().params().hashOffset();
        offsetOrigin = "";
      } else {
        return problem(
            Problem.NO_HASH_DEVICE,
            describe(d)
                + " has no "
                + f
                + "-verity partition, and neither "
                + sidecars.manifest().getFileName()
                + " nor a kiwi metadata block says where a hash tree inside it starts: give"
                + " --hash-offset");
      }
      if (kiwi.isPresent()
          && offset != kiwi.get().params().hashOffset()
          && !superblockAt(d, offset)) {
        return problem(
            Problem.CONFLICT,
            offsetOrigin
                + ": no verity superblock at byte "
                + offset
                + " of "
                + describe(d)
                + ", and kiwi's metadata block puts the hash tree (without superblock) at byte "
                + kiwi.get().params().hashOffset());
      }
      List<RootHashClaim> claims = new ArrayList<>(explicit);
      kiwi.ifPresent(
          k ->
              claims.add(
                  new RootHashClaim(k.rootHash(), "kiwi's metadata in " + describe(d), false)));
      InspectedPartition signature = null;
      for (Map.Entry<InspectedPartition, SignaturePartition> s : sigs.entrySet()) {
        claims.add(
            new RootHashClaim(
                s.getValue().rootHash(), "the signature in " + describe(s.getKey()), false));
        signature = signature == null ? s.getKey() : signature;
      }
      if (claims.isEmpty()) {
        return problem(
            Problem.NO_ROOT_HASH,
            "no root hash for "
                + describe(d)
                + ": no --root-hash, no "
                + sidecars.rootHashFile(f).getFileName()
                + ", no signature, no kiwi metadata block");
      }
      return agree(d, d, offset, claims, signature, kiwi.orElse(null));
    }

    /**
     * Whether the place of kiwi's metadata block at the end of {@code p} lies after the hash tree
     * that a superblock at {@code offset} describes: then anything but zeros there is a damaged
     * block. Without such a superblock the place may hold the end of a tree.
     */
    private boolean afterTheTree(InspectedPartition p, OptionalLong offset) throws IOException {
      if (offset.isEmpty() || offset.getAsLong() < 0 || offset.getAsLong() >= p.size()) {
        return false;
      }
      long at = offset.getAsLong();
      try {
        VerityParams sb = VeritySuperblock.read(ch, p.offset() + at, name).toParams(at, name);
        // the geometry's hash device size includes the hash offset
        return VerityGeometry.of(sb).hashDeviceSize()
            <= p.size() - KiwiMetadataConstants.BLOCK_SIZE;
      } catch (InvalidInputException | IllegalArgumentException | ArithmeticException e) {
        return false;
      }
    }

    /** Whether a verity superblock starts {@code offset} bytes into {@code p}. */
    private boolean superblockAt(InspectedPartition p, long offset) throws IOException {
      if (offset < 0 || offset >= p.size()) {
        return false;
      }
      try {
        VeritySuperblock.read(ch, p.offset() + offset, name);
        return true;
      } catch (InvalidInputException e) {
        return false;
      }
    }

    private SlotResolution agree(
        InspectedPartition data,
        InspectedPartition hash,
        long offset,
        List<RootHashClaim> claims,
        @Nullable InspectedPartition signature,
        @Nullable KiwiMetadataBlock kiwi) {
      RootHashClaim ref =
          claims.stream().filter(c -> !c.uuidHalves()).findFirst().orElse(claims.get(0));
      for (RootHashClaim c : claims) {
        if (!c.agreesWith(ref.hex())) {
          return problem(
              Problem.CONFLICT,
              "root hash mismatch: "
                  + c.origin()
                  + " says "
                  + c.hex()
                  + (c.uuidHalves() ? " (first and last 16 bytes)" : "")
                  + ", "
                  + ref.origin()
                  + " says "
                  + ref.hex());
        }
      }
      List<RootHashClaim> ordered = new ArrayList<>(claims);
      ordered.remove(ref);
      ordered.add(0, ref);
      VeritySlot slot = new VeritySlot(f, data, hash, offset, ref.hex(), ordered, signature, kiwi);
      return new SlotResolution(f, slot, null, null, notes, sigProblems, others);
    }

    private SlotResolution problem(Problem p, String message) {
      return new SlotResolution(f, null, p, message, notes, sigProblems, List.of());
    }

    /**
     * A slot besides the chosen one: its root hash is what its PARTUUIDs spell (and its signature
     * says, when one signs it).
     */
    private VeritySlot other(VerityPair pair) {
      String hex = Hex.encode(VerityUuids.rootHash(pair.data().uuid(), pair.hash().uuid()));
      List<RootHashClaim> claims = new ArrayList<>();
      InspectedPartition signature = null;
      for (Map.Entry<InspectedPartition, SignaturePartition> s : sigs.entrySet()) {
        if (pair.uuidsMatch(s.getValue().rootHash()) && signature == null) {
          signature = s.getKey();
          claims.add(
              new RootHashClaim(
                  s.getValue().rootHash(), "the signature in " + describe(s.getKey()), false));
        }
      }
      claims.add(
          new RootHashClaim(
              hex,
              "the PARTUUIDs of partitions "
                  + pair.data().number()
                  + " and "
                  + pair.hash().number(),
              true));
      return new VeritySlot(f, pair.data(), pair.hash(), 0, hex, claims, signature, null);
    }
  }

  private static List<InspectedPartition> sameArchitecture(
      List<InspectedPartition> ps, InspectedPartition like) {
    return ps.stream().filter(p -> architecture(p) == architecture(like)).toList();
  }

  private static @Nullable Architecture architecture(InspectedPartition p) {
    return p.type() == null ? null : p.type().architecture();
  }

  private static String numbers(List<InspectedPartition> ps) {
    return ps.stream().map(p -> Integer.toString(p.number())).collect(Collectors.joining(", "));
  }

  private static String slots(List<VerityPair> pairs) {
    return "partitions "
        + pairs.stream().map(VerityPair::numbers).collect(Collectors.joining(", "));
  }
}
