/**
 * OpenPGP detached signatures (RFC 4880, through Bouncy Castle's bcpg): what systemd-sysupdate
 * checks {@code SHA256SUMS.gpg} with ({@code gpg --verify} against its import keyring).
 */
@NullMarked
package dev.mkddi.pgp;

import org.jspecify.annotations.NullMarked;
