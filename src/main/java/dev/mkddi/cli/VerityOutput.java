package dev.mkddi.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mkddi.io.Hex;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.jspecify.annotations.Nullable;

/**
 * Prints the facts about a hash device as {@code veritysetup format} and {@code veritysetup dump}
 * (cryptsetup 2.6) do, label for label, or as one JSON object. Stateless.
 */
final class VerityOutput {
  private VerityOutput() {}

  /**
   * Writes veritysetup's header block.
   *
   * @param out where to print
   * @param hashDevice the hash device as the user named it
   * @param p the parameters
   * @param rootHash the root hash, or null for {@code dump}
   */
  static void printText(
      PrintWriter out, String hashDevice, VerityParams p, byte @Nullable [] rootHash) {
    printText(out, hashDevice, p, rootHash, p.dataBlocks());
  }

  /**
   * Like {@link #printText(PrintWriter, String, VerityParams, byte[])}, showing {@code dataBlocks}
   * (0 for a superblock that covers nothing, whose geometry {@code p} gives for one block).
   */
  static void printText(
      PrintWriter out,
      String hashDevice,
      VerityParams p,
      byte @Nullable [] rootHash,
      long dataBlocks) {
    VerityGeometry g = VerityGeometry.of(p);
    out.println("VERITY header information for " + hashDevice);
    out.println("UUID:            \t" + (p.superblock() ? String.valueOf(p.uuid()) : ""));
    out.println("Hash type:       \t" + p.hashType().code());
    out.println("Data blocks:     \t" + dataBlocks);
    out.println("Data block size: \t" + p.dataBlockSize());
    out.println("Hash blocks:     \t" + g.hashBlocks());
    out.println("Hash block size: \t" + p.hashBlockSize());
    out.println("Hash algorithm:  \t" + p.hash().veritysetupName());
    out.println("Salt:            \t" + p.saltHex());
    if (rootHash != null) {
      out.println("Root hash:      \t" + Hex.encode(rootHash));
    }
    // veritysetup prints the size only for a hash device of its own (no offset)
    if (p.hashOffset() == 0) {
      out.println("Hash device size: \t" + g.hashDeviceSize() + " [bytes]");
    }
    out.flush();
  }

  /**
   * Writes the same facts as one JSON object.
   *
   * @param out where to print
   * @param hashDevice the hash device as the user named it
   * @param p the parameters
   * @param rootHash the root hash, or null for {@code dump}
   * @throws IOException never (the writer is in memory)
   */
  static void printJson(
      PrintWriter out, String hashDevice, VerityParams p, byte @Nullable [] rootHash)
      throws IOException {
    printJson(out, hashDevice, p, rootHash, p.dataBlocks());
  }

  /**
   * Like {@link #printJson(PrintWriter, String, VerityParams, byte[])}, showing {@code dataBlocks}.
   */
  static void printJson(
      PrintWriter out,
      String hashDevice,
      VerityParams p,
      byte @Nullable [] rootHash,
      long dataBlocks)
      throws IOException {
    VerityGeometry g = VerityGeometry.of(p);
    StringWriter text = new StringWriter();
    try (JsonGenerator j = new JsonFactory().createGenerator(text)) {
      j.writeStartObject();
      j.writeStringField("hashDevice", hashDevice);
      j.writeBooleanField("superblock", p.superblock());
      j.writeStringField("uuid", p.superblock() ? String.valueOf(p.uuid()) : null);
      j.writeNumberField("hashType", p.hashType().code());
      j.writeNumberField("dataBlocks", dataBlocks);
      j.writeNumberField("dataBlockSize", p.dataBlockSize());
      j.writeNumberField("hashBlocks", g.hashBlocks());
      j.writeNumberField("hashBlockSize", p.hashBlockSize());
      j.writeStringField("hashAlgorithm", p.hash().veritysetupName());
      j.writeStringField("salt", Hex.encode(p.salt()));
      if (rootHash != null) {
        j.writeStringField("rootHash", Hex.encode(rootHash));
      }
      j.writeNumberField("hashOffset", p.hashOffset());
      j.writeNumberField("hashStartBlock", g.hashStartBlock());
      j.writeNumberField("hashDeviceSize", g.hashDeviceSize());
      j.writeEndObject();
    }
    out.println(text);
    out.flush();
  }
}
