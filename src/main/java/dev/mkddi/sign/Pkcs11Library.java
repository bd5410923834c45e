package dev.mkddi.sign;

import static dev.mkddi.sign.Pkcs11Binding.attributes;
import static dev.mkddi.sign.Pkcs11Binding.checkBinding;
import static dev.mkddi.sign.Pkcs11Binding.field;
import static dev.mkddi.sign.Pkcs11Binding.invoke;
import static dev.mkddi.sign.Pkcs11Binding.newInstance;
import static dev.mkddi.sign.Pkcs11Binding.text;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sign.Pkcs11Binding.Api;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A PKCS#11 module (a shared library such as SoftHSM's {@code libsofthsm2.so} or p11-kit's proxy),
 * driven through the JDK's own PKCS#11 binding: {@code sun.security.pkcs11.wrapper.PKCS11} of the
 * {@code jdk.crypto.cryptoki} module, the class the SunPKCS11 provider is built on. The provider's
 * public API can pick a slot only by index and its KeyStore lists only private keys that have a
 * certificate with the same {@code CKA_ID} on the token, under the certificate's label; it cannot
 * honour {@code pkcs11:token=…;object=…} for a key whose certificate is a file, nor label the keys
 * it generates. This class reaches the binding by reflection, which needs {@code --add-exports
 * jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (mkddi's jar manifest carries it as
 * {@code Add-Exports}); {@link Pkcs11Binding} holds the reflective handles.
 *
 * <p>The JDK loads and initializes each module once per process; instances are cheap views of it.
 * Thread-safe (the binding serializes calls).
 */
final class Pkcs11Library {
  /** Debian's multiarch triples by {@code os.arch}, for p11-kit's proxy. */
  private static final Map<String, String> TRIPLES =
      Map.of(
          "amd64", "x86_64-linux-gnu",
          "x86_64", "x86_64-linux-gnu",
          "aarch64", "aarch64-linux-gnu",
          "arm", "arm-linux-gnueabihf",
          "riscv64", "riscv64-linux-gnu",
          "ppc64le", "powerpc64le-linux-gnu",
          "s390x", "s390x-linux-gnu",
          "loongarch64", "loongarch64-linux-gnu",
          "x86", "i386-linux-gnu",
          "i386", "i386-linux-gnu");

  /**
   * A token in a slot.
   *
   * @param slotId the slot ID
   * @param slotDescription the slot's description, trailing blanks removed
   * @param slotManufacturer the slot's manufacturer ID
   * @param label the token label
   * @param manufacturer the token's manufacturer ID
   * @param model the token's model
   * @param serial the token's serial number
   * @param flags the token's flags ({@code CKF_LOGIN_REQUIRED}, …)
   */
  record Token(
      long slotId,
      String slotDescription,
      String slotManufacturer,
      String label,
      String manufacturer,
      String model,
      String serial,
      long flags) {}

  /**
   * The module's own identification ({@code C_GetInfo}).
   *
   * @param manufacturer its manufacturer ID
   * @param description its description
   * @param major its major version
   * @param minor its minor version
   */
  record Info(String manufacturer, String description, int major, int minor) {}

  private final Path module;
  private final Object p11;

  private Pkcs11Library(Path module, Object p11) {
    this.module = module;
    this.p11 = p11;
  }

  /**
   * Loads and initializes a module (once per process).
   *
   * @param module the module's shared library
   * @return the module
   * @throws InvalidInputException when the file does not exist or is not a PKCS#11 module
   * @throws ImageBuildException when this JVM does not let mkddi use its PKCS#11 binding
   */
  static Pkcs11Library open(Path module) throws ImageBuildException {
    if (!Files.isRegularFile(module)) {
      throw new InvalidInputException(
          "PKCS#11 module "
              + module
              + (Files.exists(module) ? " is not a file" : " does not exist"));
    }
    checkBinding();
    Object p11;
    try {
      p11 =
          invoke(
              null,
              Api.GET_INSTANCE,
              module.toAbsolutePath().toString(),
              "C_GetFunctionList",
              null,
              false);
    } catch (Pkcs11Exception e) {
      throw new InvalidInputException(
          "PKCS#11 module " + module + ": initialization failed: " + e.getMessage(), e);
    }
    return new Pkcs11Library(module, p11);
  }

  /**
   * @param osArch the JVM's {@code os.arch}
   * @return where p11-kit's proxy module is on Debian (multiarch), Fedora and Arch, in that order
   */
  static List<Path> p11KitProxyCandidates(String osArch) {
    List<Path> out = new ArrayList<>();
    String triple = TRIPLES.get(osArch.toLowerCase(Locale.ROOT));
    if (triple != null) {
      out.add(Path.of("/usr/lib", triple, "p11-kit-proxy.so"));
    }
    out.add(Path.of("/usr/lib64/p11-kit-proxy.so"));
    out.add(Path.of("/usr/lib/p11-kit-proxy.so"));
    return out;
  }

  /**
   * @return the module file
   */
  Path module() {
    return module;
  }

  Info info() throws ImageBuildException {
    Object i = invoke(p11, Api.GET_INFO);
    Object version = field(i, "libraryVersion");
    return new Info(
        text(field(i, "manufacturerID")),
        text(field(i, "libraryDescription")),
        ((Byte) field(version, "major")) & 0xFF,
        ((Byte) field(version, "minor")) & 0xFF);
  }

  /**
   * @return the tokens present, in slot order
   */
  List<Token> tokens() throws ImageBuildException {
    long[] slots = (long[]) invoke(p11, Api.GET_SLOT_LIST, true);
    List<Token> out = new ArrayList<>();
    for (long slot : slots) {
      Object s = invoke(p11, Api.GET_SLOT_INFO, slot);
      Object t = invoke(p11, Api.GET_TOKEN_INFO, slot);
      out.add(
          new Token(
              slot,
              text(field(s, "slotDescription")),
              text(field(s, "manufacturerID")),
              text(field(t, "label")),
              text(field(t, "manufacturerID")),
              text(field(t, "model")),
              text(field(t, "serialNumber")),
              (Long) field(t, "flags")));
    }
    return out;
  }

  long openSession(long slot, boolean readWrite) throws ImageBuildException {
    long flags =
        Pkcs11Constants.CKF_SERIAL_SESSION | (readWrite ? Pkcs11Constants.CKF_RW_SESSION : 0);
    return (Long) invoke(p11, Api.OPEN_SESSION, slot, flags, null, null);
  }

  void closeSession(long session) throws ImageBuildException {
    invoke(p11, Api.CLOSE_SESSION, session);
  }

  /**
   * Logs the user in; a session already logged in (another session of this process) is fine.
   *
   * @param pin the PIN, or null for a token with a protected authentication path (PIN pad)
   */
  void login(long session, char @Nullable [] pin) throws ImageBuildException {
    try {
      invoke(p11, Api.LOGIN, session, Pkcs11Constants.CKU_USER, pin);
    } catch (Pkcs11Exception e) {
      if (e.code() != Pkcs11Constants.CKR_USER_ALREADY_LOGGED_IN) {
        throw e;
      }
    }
  }

  void logout(long session) throws ImageBuildException {
    invoke(p11, Api.LOGOUT, session);
  }

  /**
   * @param session an open session
   * @param template attribute type and value pairs: {@code byte[]} (labels as UTF-8), {@code Long},
   *     {@code Boolean}
   * @return the handles of the matching objects
   */
  long[] find(long session, Object... template) throws ImageBuildException {
    invoke(p11, Api.FIND_INIT, session, attributes(template));
    try {
      List<Long> out = new ArrayList<>();
      for (long[] batch = (long[]) invoke(p11, Api.FIND, session, 64L);
          batch.length > 0;
          batch = (long[]) invoke(p11, Api.FIND, session, 64L)) {
        for (long h : batch) {
          out.add(h);
        }
      }
      return out.stream().mapToLong(Long::longValue).toArray();
    } finally {
      invoke(p11, Api.FIND_FINAL, session);
    }
  }

  /**
   * @return an attribute's value as bytes ({@code char[]} values, such as labels, byte per char),
   *     or null when the object has no such attribute or keeps it secret
   */
  byte @Nullable [] bytes(long session, long object, long type) throws ImageBuildException {
    Object v = attribute(session, object, type);
    if (v instanceof char[] chars) {
      byte[] b = new byte[chars.length];
      for (int i = 0; i < chars.length; i++) {
        b[i] = (byte) chars[i];
      }
      return b;
    }
    return (byte[]) v;
  }

  /**
   * @return a {@code CK_ULONG} attribute's value, or null when absent
   */
  @Nullable Long number(long session, long object, long type) throws ImageBuildException {
    return (Long) attribute(session, object, type);
  }

  private @Nullable Object attribute(long session, long object, long type)
      throws ImageBuildException {
    Object template = attributes(type, null);
    try {
      invoke(p11, Api.GET_ATTRIBUTE, session, object, template);
    } catch (Pkcs11Exception e) {
      if (e.code() == Pkcs11Constants.CKR_ATTRIBUTE_TYPE_INVALID
          || e.code() == Pkcs11Constants.CKR_ATTRIBUTE_SENSITIVE) {
        return null;
      }
      throw e;
    }
    return field(Array.get(template, 0), "pValue");
  }

  /**
   * @return the signature the token makes of {@code data} with the key and mechanism
   */
  byte[] sign(long session, long mechanism, long key, byte[] data) throws ImageBuildException {
    invoke(p11, Api.SIGN_INIT, session, newInstance(Api.NEW_MECHANISM, mechanism), key);
    return (byte[]) invoke(p11, Api.SIGN, session, data);
  }

  /**
   * @return the handles of the public and the private key
   */
  long[] generateKeyPair(long session, long mechanism, Object[] publicKey, Object[] privateKey)
      throws ImageBuildException {
    return (long[])
        invoke(
            p11,
            Api.GENERATE_KEY_PAIR,
            session,
            newInstance(Api.NEW_MECHANISM, mechanism),
            attributes(publicKey),
            attributes(privateKey));
  }

  long createObject(long session, Object... template) throws ImageBuildException {
    return (Long) invoke(p11, Api.CREATE_OBJECT, session, attributes(template));
  }

  void destroyObject(long session, long object) throws ImageBuildException {
    invoke(p11, Api.DESTROY_OBJECT, session, object);
  }
}
