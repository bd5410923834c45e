package dev.mkddi.gpt;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The mixed-endian GUID encoding of GPT: the first three fields of the text form little-endian, the
 * last eight bytes in text order. Stateless and thread-safe.
 */
final class Guids {
  /** Bytes of an encoded GUID. */
  static final int SIZE = 16;

  private static final int TAIL = 8;

  private Guids() {}

  /**
   * Writes {@code guid} at {@code index} of a little-endian buffer.
   *
   * @param buf a buffer in little-endian order
   * @param index absolute index
   */
  static void put(ByteBuffer buf, int index, UUID guid) {
    long msb = guid.getMostSignificantBits();
    long lsb = guid.getLeastSignificantBits();
    buf.putInt(index, (int) (msb >>> 32));
    buf.putShort(index + 4, (short) (msb >>> 16));
    buf.putShort(index + 6, (short) msb);
    for (int i = 0; i < TAIL; i++) {
      buf.put(index + TAIL + i, (byte) (lsb >>> (8 * (TAIL - 1 - i))));
    }
  }

  /**
   * Reads a GUID at {@code index} of a little-endian buffer.
   *
   * @param buf a buffer in little-endian order
   * @param index absolute index
   * @return the GUID
   */
  static UUID get(ByteBuffer buf, int index) {
    long msb =
        (Integer.toUnsignedLong(buf.getInt(index)) << 32)
            | (Short.toUnsignedLong(buf.getShort(index + 4)) << 16)
            | Short.toUnsignedLong(buf.getShort(index + 6));
    long lsb = 0;
    for (int i = 0; i < TAIL; i++) {
      lsb = (lsb << 8) | (buf.get(index + TAIL + i) & 0xFF);
    }
    return new UUID(msb, lsb);
  }

  /**
   * @param buf a buffer
   * @param index absolute index
   * @return whether the 16 bytes at {@code index} are all zero
   */
  static boolean isZero(ByteBuffer buf, int index) {
    for (int i = 0; i < SIZE; i++) {
      if (buf.get(index + i) != 0) {
        return false;
      }
    }
    return true;
  }
}
