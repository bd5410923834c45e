/**
 * The dm-verity root-hash signature: PKCS#7 (CMS) detached signatures over the lower-case hex root
 * hash, made with Bouncy Castle in the form OpenSSL's {@code smime -sign -binary -noattr} writes
 * (RSA PKCS#1 v1.5 byte for byte; ECDSA deterministic per RFC 6979), their verification with or
 * without a pinned certificate, the 16 KiB {@code root-verity-sig} partition JSON that
 * systemd-repart writes and systemd-dissect reads, PEM key and certificate loading, and the
 * generation of a signing key with its self-signed certificate ({@code mkddi genkey}).
 *
 * <p>Entry points: {@link dev.mkddi.sign.SigningKey} and {@link dev.mkddi.sign.Signer} to sign,
 * {@link dev.mkddi.sign.SignaturePartition} for the partition content, {@link
 * dev.mkddi.sign.SignatureVerifier} to check, {@link dev.mkddi.sign.KeyGenerator} for new keys.
 */
@NullMarked
package dev.mkddi.sign;

import org.jspecify.annotations.NullMarked;
