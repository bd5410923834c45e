package dev.mkddi.sign;

import dev.mkddi.io.ImageBuildException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The reflective handles on the JDK's PKCS#11 binding ({@code sun.security.pkcs11.wrapper} of the
 * {@code jdk.crypto.cryptoki} module) that {@link Pkcs11Library} calls, and the conversions of its
 * results and exceptions. The only class that names the binding's classes and methods. Stateless
 * and thread-safe.
 */
final class Pkcs11Binding {
  private static final String WRAPPER = "sun.security.pkcs11.wrapper.";
  private static final String EXPORT =
      "--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";

  private Pkcs11Binding() {}

  /** The reflective handles, found once. */
  static final class Api {
    static final Class<?> PKCS11 = type("PKCS11");
    static final Class<?> ATTRIBUTE = type("CK_ATTRIBUTE");
    static final Class<?> ATTRIBUTES = ATTRIBUTE.arrayType();
    static final Class<?> MECHANISM = type("CK_MECHANISM");
    static final Class<?> EXCEPTION = type("PKCS11Exception");
    static final Method GET_INSTANCE =
        method(
            "getInstance", String.class, String.class, type("CK_C_INITIALIZE_ARGS"), boolean.class);
    static final Method GET_INFO = method("C_GetInfo");
    static final Method GET_SLOT_LIST = method("C_GetSlotList", boolean.class);
    static final Method GET_SLOT_INFO = method("C_GetSlotInfo", long.class);
    static final Method GET_TOKEN_INFO = method("C_GetTokenInfo", long.class);
    static final Method OPEN_SESSION =
        method("C_OpenSession", long.class, long.class, Object.class, type("CK_NOTIFY"));
    static final Method CLOSE_SESSION = method("C_CloseSession", long.class);
    static final Method LOGIN = method("C_Login", long.class, long.class, char[].class);
    static final Method LOGOUT = method("C_Logout", long.class);
    static final Method FIND_INIT = method("C_FindObjectsInit", long.class, ATTRIBUTES);
    static final Method FIND = method("C_FindObjects", long.class, long.class);
    static final Method FIND_FINAL = method("C_FindObjectsFinal", long.class);
    static final Method GET_ATTRIBUTE =
        method("C_GetAttributeValue", long.class, long.class, ATTRIBUTES);
    static final Method SIGN_INIT = method("C_SignInit", long.class, MECHANISM, long.class);
    static final Method SIGN = method("C_Sign", long.class, byte[].class);
    static final Method GENERATE_KEY_PAIR =
        method("C_GenerateKeyPair", long.class, MECHANISM, ATTRIBUTES, ATTRIBUTES);
    static final Method CREATE_OBJECT = method("C_CreateObject", long.class, ATTRIBUTES);
    static final Method DESTROY_OBJECT = method("C_DestroyObject", long.class, long.class);
    static final Method ERROR_CODE = method(EXCEPTION, "getErrorCode");
    static final Constructor<?> NEW_ATTRIBUTE = constructor(ATTRIBUTE, long.class, Object.class);
    static final Constructor<?> NEW_MECHANISM = constructor(MECHANISM, long.class);

    private static Class<?> type(String name) {
      try {
        return Class.forName(WRAPPER + name);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("this JDK has no PKCS#11 binding (" + name + ")", e);
      }
    }

    private static Method method(String name, Class<?>... params) {
      return method(PKCS11, name, params);
    }

    private static Method method(Class<?> c, String name, Class<?>... params) {
      try {
        return c.getMethod(name, params);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("this JDK's PKCS#11 binding has no " + name, e);
      }
    }

    private static Constructor<?> constructor(Class<?> c, Class<?>... params) {
      try {
        return c.getConstructor(params);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("this JDK's PKCS#11 binding has no " + c.getName(), e);
      }
    }
  }

  /**
   * @param template attribute type and value pairs
   * @return the binding's {@code CK_ATTRIBUTE[]}
   */
  static Object attributes(@Nullable Object... template) throws ImageBuildException {
    Object array = Array.newInstance(Api.ATTRIBUTE, template.length / 2);
    for (int i = 0; i < template.length; i += 2) {
      Array.set(array, i / 2, newInstance(Api.NEW_ATTRIBUTE, template[i], template[i + 1]));
    }
    return array;
  }

  /** Checks the binding exists in this JDK. */
  static void checkBinding() throws ImageBuildException {
    try {
      Api.PKCS11.getName();
    } catch (ExceptionInInitializerError | NoClassDefFoundError | IllegalStateException e) {
      throw new ImageBuildException(
          "PKCS#11: this JVM has no usable PKCS#11 binding (module jdk.crypto.cryptoki): "
              + PrivateKeys.reason(e.getCause() != null ? e.getCause() : e),
          e);
    }
  }

  static Object newInstance(Constructor<?> c, @Nullable Object... args) throws ImageBuildException {
    try {
      return c.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw unreachable(e);
    }
  }

  static Object invoke(@Nullable Object target, Method m, @Nullable Object... args)
      throws ImageBuildException {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = Objects.requireNonNull(e.getCause(), "cause");
      if (Api.EXCEPTION.isInstance(cause)) {
        throw new Pkcs11Exception(
            m.getName(), errorCode(cause), String.valueOf(cause.getMessage()), cause);
      }
      if (cause instanceof IOException io) {
        throw new Pkcs11Exception(m.getName(), -1, PrivateKeys.reason(io), io);
      }
      throw new ImageBuildException(
          "PKCS#11 " + m.getName() + " failed: " + PrivateKeys.reason(cause), cause);
    } catch (IllegalAccessException e) {
      throw unreachable(e);
    }
  }

  static long errorCode(Throwable e) {
    try {
      return (Long) Api.ERROR_CODE.invoke(e);
    } catch (ReflectiveOperationException r) {
      return -1;
    }
  }

  static ImageBuildException unreachable(ReflectiveOperationException e) {
    return new ImageBuildException(
        "PKCS#11: the JDK's PKCS#11 binding is not accessible to mkddi; run the JVM with "
            + EXPORT
            + " (the mkddi launcher and jar do)",
        e);
  }

  static Object field(Object o, String name) throws ImageBuildException {
    try {
      return o.getClass().getField(name).get(o);
    } catch (ReflectiveOperationException e) {
      throw unreachable(e);
    }
  }

  /** A blank-padded PKCS#11 text field (bytes as chars), as UTF-8 without trailing blanks. */
  static String text(Object chars) {
    char[] c = (char[]) chars;
    byte[] b = new byte[c.length];
    for (int i = 0; i < c.length; i++) {
      b[i] = (byte) c[i];
    }
    return new String(b, StandardCharsets.UTF_8).stripTrailing();
  }
}
