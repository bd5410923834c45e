package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mkddi.io.Hex;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Vectors from gpt-dps.md §10 (systemd-repart, seed 750b6cd5-…). */
class SeedDerivationTest {
  private static final UUID ROOT_X86_64 = UUID.fromString("4f68bce3-e8cd-4db1-96e7-fbcaf984b709");
  private static final UUID ROOT_VERITY = UUID.fromString("2c7357ed-ebd2-46d9-aec1-23d437ec2bf5");
  private static final UUID ROOT_VERITY_SIG =
      UUID.fromString("41092b05-9fc8-4523-994f-2def0408b176");
  private static final UUID USR_X86_64 = UUID.fromString("8484680c-9521-48c6-9c11-b0720656f69e");
  private static final UUID USR_VERITY_SIG =
      UUID.fromString("e7bb33fb-06cf-4e81-8273-e543b413e2e2");

  private final SeedDerivation seed =
      new SeedDerivation(UUID.fromString("750b6cd5-c4ae-4012-a15e-7be3c29e6a47"));

  @Test
  void testDiskGuid_matchesRepart() {
    assertEquals("1d2ce291-7cce-4f7d-bc83-fdb49ad74ebd", seed.diskGuid().toString());
  }

  @Test
  void testPartitionUuid_firstAndSecondOfType() {
    assertEquals(
        "60f33797-1d71-4dcb-aa6f-20564f036cd0", seed.partitionUuid(ROOT_X86_64, 0).toString());
    assertEquals(
        "73a4ccd2-eaf5-44da-a366-f99188210fdc", seed.partitionUuid(ROOT_X86_64, 1).toString());
    assertEquals(
        "2809b92e-4f9c-411a-8132-213578a92557", seed.partitionUuid(ROOT_VERITY_SIG, 0).toString());
    assertEquals(
        "7e3369dd-d653-4513-adf5-b993a9f20c16", seed.partitionUuid(USR_X86_64, 0).toString());
    assertEquals(
        "3deed072-02f2-49ea-b46b-37b5fa5f9166", seed.partitionUuid(USR_VERITY_SIG, 0).toString());
    assertEquals(
        "389e27c7-5860-4e2f-906e-4de5120125e2", seed.partitionUuid(ROOT_VERITY, 0).toString());
  }

  @Test
  void testFileSystemUuid_keyedByPartitionUuid() {
    UUID root = seed.partitionUuid(ROOT_X86_64, 0);
    assertEquals(
        "70e624a3-caca-4b82-b656-2e7168b70ff1", SeedDerivation.fileSystemUuid(root).toString());
  }

  @Test
  void testVeritySaltAndUuid() {
    assertEquals(
        "aece282c3c2def3554654f2e7295e770a8ba079339ff8818bd2dcd9a6817f99c",
        Hex.encode(seed.veritySalt()));
    assertEquals("5b4cf557-8269-4aa1-8669-41f3431271c8", seed.veritySuperblockUuid().toString());
  }

  @Test
  void testDefaultSeed_dependsOnNameAndVersion() {
    UUID a = SeedDerivation.defaultSeed("acme-os", "1.2.3");
    assertEquals(a, SeedDerivation.defaultSeed("acme-os", "1.2.3"));
    assertNotEquals(a, SeedDerivation.defaultSeed("acme-os", "1.2.4"));
    assertNotEquals(a, SeedDerivation.defaultSeed("acme-o", "s1.2.3"));
    assertEquals(4, a.version());
  }
}
