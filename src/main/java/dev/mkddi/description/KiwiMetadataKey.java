package dev.mkddi.description;

import java.util.Optional;

/**
 * The one rule for the key of kiwi's verity metadata block ({@code embed_verity_metadata="true"}):
 * kiwi signs the block with RSA-PSS and fails without a key, and so does mkddi. {@code describe}
 * applies it to the description's key or certificate, {@code build} again to the key it opened
 * (which may come from {@code --signing-key}). Stateless.
 */
public final class KiwiMetadataKey {
  private KiwiMetadataKey() {}

  /**
   * @param keyAlgorithm the signing key's algorithm as the JDK names it ({@code RSA}, {@code EC},
   *     …), or empty when there is no key
   * @return why the key cannot sign kiwi's metadata block, or empty when it can
   */
  public static Optional<String> problem(Optional<String> keyAlgorithm) {
    if (keyAlgorithm.isEmpty()) {
      return Optional.of(
          "embed_verity_metadata=\"true\" needs a signing key: kiwi's metadata block is RSA-PSS"
              + " signed (give verity_signature_key and verity_signature_certificate, or"
              + " --signing-key and --certificate)");
    }
    if (!keyAlgorithm.get().equals("RSA")) {
      return Optional.of(
          "embed_verity_metadata=\"true\": kiwi's metadata block is signed with RSA-PSS; the key"
              + " is "
              + keyAlgorithm.get());
    }
    return Optional.empty();
  }
}
