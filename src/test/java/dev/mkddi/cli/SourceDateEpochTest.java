package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.io.InvalidInputException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceDateEpochTest {
  @Test
  void testParse_wholeSecondsOrUnset() throws Exception {
    assertEquals(
        Optional.of(Instant.ofEpochSecond(1_700_000_000)), SourceDateEpoch.parse("1700000000"));
    assertEquals(Optional.of(Instant.EPOCH), SourceDateEpoch.parse("0"));
    assertEquals(Optional.empty(), SourceDateEpoch.parse(null));
    assertEquals(Optional.empty(), SourceDateEpoch.parse(" "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "+5", "1.5", "abc", "99999999999999999999", "31556889864403200"})
  void testParse_negativeOrNotANumberRefused(String value) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SourceDateEpoch.parse(value));
    assertEquals(
        "SOURCE_DATE_EPOCH: expected a non-negative whole number of seconds since 1970, got '"
            + value
            + "'",
        e.getMessage());
  }
}
