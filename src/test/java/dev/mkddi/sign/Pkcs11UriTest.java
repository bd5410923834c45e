package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sign.Pkcs11Uri.Attribute;
import dev.mkddi.sign.Pkcs11Uri.Query;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Pkcs11UriTest {
  @Test
  void testParse_rfc7512Examples() throws Exception {
    Pkcs11Uri u =
        Pkcs11Uri.parse(
            "pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;"
                + "model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;"
                + "serial=?pin-source=file:mypin",
            "--key");
    assertEquals(Optional.of("The Software PKCS#11 Softtoken"), u.text(Attribute.TOKEN));
    assertEquals(Optional.of("Snake Oil, Inc."), u.text(Attribute.MANUFACTURER));
    assertEquals(Optional.of(""), u.text(Attribute.SERIAL));
    assertEquals(Optional.of("cert"), u.text(Attribute.TYPE));
    assertArrayEquals(
        new byte[] {
          0x69, (byte) 0x95, 0x3E, 0x5C, (byte) 0xF4, (byte) 0xBD, (byte) 0xEC, (byte) 0x91
        },
        u.id().orElseThrow());
    assertEquals(Optional.of("file:mypin"), u.query(Query.PIN_SOURCE));
    Pkcs11Uri empty = Pkcs11Uri.parse("pkcs11:", "--key");
    assertEquals(Optional.empty(), empty.text(Attribute.TOKEN));
    Pkcs11Uri utf8 = Pkcs11Uri.parse("pkcs11:token=Name%20with%20a%20small%20%C3%A9", "--key");
    assertEquals(Optional.of("Name with a small é"), utf8.text(Attribute.TOKEN));
  }

  @Test
  void testParse_modulePathAndPinValue() throws Exception {
    Pkcs11Uri u =
        Pkcs11Uri.parse(
            "pkcs11:token=t;object=k?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=12%2634",
            "--key");
    assertEquals(Optional.of("/usr/lib/softhsm/libsofthsm2.so"), u.query(Query.MODULE_PATH));
    assertArrayEquals("12&34".toCharArray(), u.pinValue().orElseThrow());
    String shown = u.toString();
    assertFalse(shown.contains("12"), shown);
    assertEquals(
        "pkcs11:token=t;object=k?pin-value=***&module-path=/usr/lib/softhsm/libsofthsm2.so", shown);
    assertEquals(
        "pkcs11:token=t;object=k;id=%00%ff?module-path=/usr/lib/softhsm/libsofthsm2.so",
        u.withoutPinValue().with(Attribute.ID, new byte[] {0, (byte) 0xFF}).toString());
  }

  @Test
  void testIsUri() {
    assertTrue(Pkcs11Uri.isUri("pkcs11:token=x"));
    assertTrue(Pkcs11Uri.isUri("PKCS11:token=x"));
    assertFalse(Pkcs11Uri.isUri("keys/verity.key"));
    assertFalse(Pkcs11Uri.isUri("pkcs11"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "keys/k.pem | expected a URI starting with 'pkcs11:'",
        "pkcs11:token | attribute 'token' is not of the form name=value",
        "pkcs11:token=a;token=b | attribute 'token' is given twice",
        "pkcs11:label=a | unknown PKCS#11 URI attribute 'label'",
        "pkcs11:token=a?pin=1 | unknown PKCS#11 URI attribute 'pin'",
        "pkcs11:token=a%2 | bad percent escape",
        "pkcs11:token=a%zz | bad percent escape",
        "pkcs11:token=a b | character U+0020 must be percent-encoded",
        "pkcs11:token=%ff | attribute 'token' is not UTF-8 text",
        "pkcs11:token=a?pin-value=1&pin-source=f | both pin-value and pin-source",
        "pkcs11:token=a?module-name=softhsm2 | 'module-name' is not supported",
        "pkcs11:slot-id=x | slot-id: expected a decimal number",
        "pkcs11:library-version=1.x | library-version: expected M or M.N",
      })
  void testParse_refused(String uri, String message) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Pkcs11Uri.parse(uri.strip(), "--key"));
    assertTrue(e.getMessage().startsWith("--key: "), e.getMessage());
    assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
  }

  @Test
  void testEncode_roundTrips() throws Exception {
    byte[] label = "a b;c?d&e=é".getBytes(StandardCharsets.UTF_8);
    Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:", "x").with(Attribute.OBJECT, label);
    assertEquals(
        Optional.of("a b;c?d&e=é"),
        Pkcs11Uri.parse(u.toString(), "x").text(Attribute.OBJECT),
        u.toString());
  }
}
