package dev.mkddi.fat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A FAT timestamp: the local-time date and time fields of a directory entry, taken from an instant
 * read as UTC (FAT has no time zone; this is how {@code mkfs.fat} treats {@code
 * SOURCE_DATE_EPOCH}). Instants before 1980 become 1980-01-01 00:00:00, after 2107 the last
 * representable second.
 *
 * @param date day | month &lt;&lt; 5 | (year - 1980) &lt;&lt; 9
 * @param time seconds / 2 | minute &lt;&lt; 5 | hour &lt;&lt; 11
 * @param centiseconds creation-time fine resolution, 0 to 199
 */
record FatTime(int date, int time, int centiseconds) {
  private static final LocalDateTime MIN = LocalDateTime.of(1980, 1, 1, 0, 0, 0);
  private static final LocalDateTime MAX = LocalDateTime.of(2107, 12, 31, 23, 59, 59);

  /**
   * @param instant the timestamp (SOURCE_DATE_EPOCH)
   * @return its FAT encoding
   */
  static FatTime of(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    if (t.isBefore(MIN)) {
      t = MIN;
    } else if (t.isAfter(MAX)) {
      t = MAX;
    }
    int date = t.getDayOfMonth() | t.getMonthValue() << 5 | (t.getYear() - 1980) << 9;
    int time = t.getSecond() / 2 | t.getMinute() << 5 | t.getHour() << 11;
    int cs = (t.getSecond() % 2) * 100 + t.getNano() / 10_000_000;
    return new FatTime(date, time, cs);
  }
}
