package dev.mkddi.uki;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A planned UKI: the stub with its updated headers in memory, and where each added section goes.
 * Made by {@link UkiAssembler#plan}. Immutable; {@link #write} reads the section files again.
 */
public final class UkiImage {
  private final byte[] head;
  private final List<UkiSection> sections;
  private final List<UkiSectionPlacement> placements;
  private final long length;

  UkiImage(
      byte[] head, List<UkiSection> sections, List<UkiSectionPlacement> placements, long length) {
    this.head = head.clone();
    this.sections = List.copyOf(sections);
    this.placements = List.copyOf(placements);
    this.length = length;
  }

  /**
   * @return the added sections in file order, with their addresses and sizes
   */
  public List<UkiSectionPlacement> placements() {
    return placements;
  }

  /**
   * @return the size of the UKI file in bytes
   */
  public long length() {
    return length;
  }

  /**
   * Writes the UKI from offset 0 of {@code out} and truncates it to {@link #length()}.
   *
   * @param out the output file
   * @param listener receives progress in bytes of section content
   * @throws ImageBuildException when a section file changed size since planning
   * @throws IOException on a read or write failure
   */
  public void write(FileChannel out, ProgressListener listener) throws IOException {
    PositionalIo.writeFully(out, ByteBuffer.wrap(head), 0);
    long end = head.length;
    long total = placements.stream().mapToLong(UkiSectionPlacement::length).sum();
    try (ProgressListener.Step step = listener.begin("writing UKI", total)) {
      for (int i = 0; i < placements.size(); i++) {
        UkiSectionPlacement p = placements.get(i);
        UkiSection s = sections.get(i);
        PositionalIo.writeZeros(out, end, p.pointerToRawData() - end);
        copy(s, p, out);
        step.advance(p.length());
        PositionalIo.writeZeros(
            out, p.pointerToRawData() + p.length(), p.sizeOfRawData() - p.length());
        end = p.pointerToRawData() + p.sizeOfRawData();
      }
    }
    out.truncate(length);
  }

  private static void copy(UkiSection s, UkiSectionPlacement p, FileChannel out)
      throws IOException {
    if (s.bytes() != null) {
      PositionalIo.writeFully(out, ByteBuffer.wrap(s.bytes()), p.pointerToRawData());
      return;
    }
    try (FileChannel in = FileChannel.open(s.file(), StandardOpenOption.READ)) {
      if (in.size() != p.length()) {
        throw new ImageBuildException(
            "UKI: "
                + s.file()
                + " changed size while building ("
                + p.length()
                + " bytes planned, "
                + in.size()
                + " now)");
      }
      long done = 0;
      while (done < p.length()) {
        long n =
            out.transferFrom(in.position(done), p.pointerToRawData() + done, p.length() - done);
        if (n <= 0) {
          throw new ImageBuildException("UKI: " + s.file() + ": short read at " + done);
        }
        done += n;
      }
    }
  }
}
