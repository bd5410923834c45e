/**
 * Signatures and signing keys. The dm-verity root-hash signature: PKCS#7 (CMS) detached signatures
 * over the lower-case hex root hash, made with Bouncy Castle in the form OpenSSL's {@code smime
 * -sign -binary -noattr} writes (RSA PKCS#1 v1.5 byte for byte; ECDSA from PEM keys deterministic
 * per RFC 6979), their verification with or without a pinned certificate, and the 16 KiB {@code
 * root-verity-sig} partition JSON that systemd-repart writes and systemd-dissect reads. The
 * Authenticode signature of PE images (UEFI Secure Boot) as sbsign writes it, without a signing
 * time, and its verification against an image hash (the PE side, hashing and placing it, is {@code
 * dev.mkddi.uki}'s). Signing keys from PEM files or PKCS#11 tokens (RFC 7512 URIs, through the
 * JDK's PKCS#11 binding), and the generation of a key with its self-signed certificate in a file or
 * in a token ({@code mkddi genkey}).
 *
 * <p>Entry points: {@link dev.mkddi.sign.KeyReference} and {@link dev.mkddi.sign.SigningKey} for
 * keys, {@link dev.mkddi.sign.Signer} and {@link dev.mkddi.sign.AuthenticodeSigner} to sign, {@link
 * dev.mkddi.sign.SignaturePartition} for the partition content, {@link
 * dev.mkddi.sign.SignatureVerifier} and {@link dev.mkddi.sign.AuthenticodeSignature} to check,
 * {@link dev.mkddi.sign.KeyGenerator} and {@link dev.mkddi.sign.TokenKeyGenerator} for new keys.
 */
@NullMarked
package dev.mkddi.sign;

import org.jspecify.annotations.NullMarked;
