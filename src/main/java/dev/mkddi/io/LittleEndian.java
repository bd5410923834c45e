package dev.mkddi.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Factory for little-endian buffers; every on-disk structure of mkddi is little-endian. */
public final class LittleEndian {
  private LittleEndian() {}

  /**
   * @param size capacity in bytes
   * @return a zeroed heap buffer in little-endian order
   */
  public static ByteBuffer allocate(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * @param bytes backing array
   * @return a little-endian buffer over {@code bytes}
   */
  public static ByteBuffer wrap(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * @param value an unsigned 32-bit field read with {@link ByteBuffer#getInt}
   * @return the value as a non-negative long
   */
  public static long unsigned(int value) {
    return Integer.toUnsignedLong(value);
  }
}
