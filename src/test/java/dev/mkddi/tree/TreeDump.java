package dev.mkddi.tree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Renders a tree as lines (path, type, metadata, content hash) for comparisons in tests. */
final class TreeDump {
  private TreeDump() {}

  static List<String> lines(FileTree tree) {
    List<String> out = new ArrayList<>();
    out.add("/ " + meta(tree.root().metadata()));
    walk(tree.root(), "", out);
    return out;
  }

  private static void walk(Directory dir, String prefix, List<String> out) {
    for (DirEntry e : dir.entries()) {
      String path = prefix + "/" + e.name();
      Node n = e.node();
      String line = path + " " + meta(n.metadata());
      if (n instanceof Directory d) {
        out.add(line + " dir");
        walk(d, path, out);
        continue;
      }
      NonDirectory leaf = (NonDirectory) n;
      line += " ino=" + leaf.inode();
      if (n instanceof RegularFile f) {
        line += " file size=" + f.size() + " sha256=" + sha256(f.content());
      } else if (n instanceof Symlink s) {
        line += " symlink " + Name.display(s.target());
      } else if (n instanceof SpecialFile s) {
        line += " " + s.type() + " " + s.major() + ":" + s.minor();
      }
      out.add(line);
    }
  }

  private static String meta(Metadata m) {
    return String.format(
        "%04o %d:%d %s %s", m.permissions(), m.uid(), m.gid(), m.mtime(), m.xattrs());
  }

  static byte[] read(FileContent c) {
    try (FileChannel ch = FileChannel.open(c.file(), StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) c.size());
      while (buf.hasRemaining()) {
        if (ch.read(buf, c.offset() + buf.position()) < 0) {
          throw new IOException("short content " + c);
        }
      }
      return buf.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(FileContent c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(read(c)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
