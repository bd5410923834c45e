package dev.mkddi.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitionTypesTest {

  @Test
  void testAll_everyArchitectureHasSixTypesPlusNineIndependent() {
    assertEquals(21 * 6 + 9, PartitionTypes.all().size());
    for (Architecture a : Architecture.values()) {
      for (PartitionDesignator d : PartitionDesignator.values()) {
        if (d.isArchitectureSpecific()) {
          PartitionType t = PartitionTypes.lookup(d, a);
          assertEquals(t, PartitionTypes.byGuid(t.guid()).orElseThrow());
          assertEquals(t, PartitionTypes.byName(t.name()).orElseThrow());
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "root, x86-64, 4f68bce3-e8cd-4db1-96e7-fbcaf984b709, root-x86-64",
    "root-verity, x86_64, 2c7357ed-ebd2-46d9-aec1-23d437ec2bf5, root-x86-64-verity",
    "root-verity-sig, amd64, 41092b05-9fc8-4523-994f-2def0408b176, root-x86-64-verity-sig",
    "usr, x86-64, 8484680c-9521-48c6-9c11-b0720656f69e, usr-x86-64",
    "usr-verity, x86-64, 77ff5f63-e7b6-4633-acf4-1565b864c0e6, usr-x86-64-verity",
    "usr-verity-sig, x86-64, e7bb33fb-06cf-4e81-8273-e543b413e2e2, usr-x86-64-verity-sig",
    "root, aarch64, b921b045-1df0-41c3-af44-4c6f280d3fae, root-arm64",
    "root-verity, arm64, df3300ce-d69f-4c92-978c-9bfb0f38d820, root-arm64-verity",
    "root-verity-sig, arm64, 6db69de6-29f4-4758-a7a5-962190f00ce3, root-arm64-verity-sig",
    "usr, arm64, b0e01050-ee5f-4390-949a-9101b17104e9, usr-arm64",
    "usr-verity, arm64, 6e11a4e7-fbca-4ded-b9e9-e1a512bb664e, usr-arm64-verity",
    "usr-verity-sig, arm64, c23ce4ff-44bd-4b00-b2d4-b41b3419e02a, usr-arm64-verity-sig",
    "root, ppc64le, c31c45e6-3f39-412e-80fb-4809c4980599, root-ppc64-le",
  })
  void testLookup_specTable(String designator, String arch, String guid, String name)
      throws Exception {
    PartitionType t = PartitionTypes.lookup(designator, arch);
    assertEquals(UUID.fromString(guid), t.guid());
    assertEquals(name, t.name());
  }

  @ParameterizedTest
  @CsvSource({
    "esp, c12a7328-f81f-11d2-ba4b-00a0c93ec93b",
    "xbootldr, bc13c2ff-59e6-4262-a352-b275fd6f7172",
    "swap, 0657fd6d-a4ab-43c4-84e5-0933c84b4f4f",
    "home, 933ac7e1-2eb4-4f13-b844-0e14e2aef915",
    "srv, 3b8f8425-20e0-4f3b-907f-1a25a76f98e8",
    "var, 4d21b016-b534-45c2-a9fb-5c16e091fd2d",
    "tmp, 7ec6f557-3bc5-4aca-b293-16ef5df639d1",
    "user-home, 773f91ef-66d4-49b5-bd83-d683bf40ad16",
    "linux-generic, 0fc63daf-8483-4772-8e79-3d69d8477de4",
  })
  void testLookup_architectureIndependent(String designator, String guid) throws Exception {
    PartitionType t = PartitionTypes.lookup(designator, null);
    assertEquals(UUID.fromString(guid), t.guid());
    assertEquals(designator, t.name());
    assertEquals(null, t.architecture());
    assertEquals(t, PartitionTypes.lookup(designator, "x86-64"));
  }

  @Test
  void testByGuid_unknownIsEmpty() {
    assertEquals(Optional.empty(), PartitionTypes.byGuid(UUID.randomUUID()));
  }

  @Test
  void testLookup_errorsNameTheProblem() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> PartitionTypes.lookup("root", null));
    assertTrue(e.getMessage().contains("needs an architecture"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> PartitionTypes.lookup("boot", "x86-64"));
    assertTrue(e.getMessage().startsWith("unknown partition designator 'boot'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> PartitionTypes.lookup(PartitionDesignator.USR, null));
  }

  @Test
  void testDesignator_verityRelations() {
    assertEquals(PartitionDesignator.ROOT, PartitionDesignator.ROOT_VERITY_SIG.dataDesignator());
    assertEquals(
        Optional.of(PartitionDesignator.USR_VERITY), PartitionDesignator.USR.verityDesignator());
    assertTrue(PartitionDesignator.USR_VERITY.isVerity());
    assertTrue(PartitionDesignator.ROOT_VERITY_SIG.isVeritySignature());
    assertEquals(Optional.empty(), PartitionDesignator.ESP.verityDesignator());
  }
}
