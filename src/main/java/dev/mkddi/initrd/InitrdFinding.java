package dev.mkddi.initrd;

import java.util.Optional;

/**
 * One thing a boot needs from the initrd, and whether it is there. Immutable, thread-safe.
 *
 * @param requirement what is needed, e.g. {@code dm-verity}
 * @param met whether the initrd (or the kernel) provides it
 * @param evidence where it was found, or where it was looked for
 * @param remedy what to add when it is missing (dracut's configuration)
 */
public record InitrdFinding(
    String requirement, boolean met, String evidence, Optional<String> remedy) {}
