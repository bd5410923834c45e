#!/usr/bin/env bash
# Makes the PEM/DER/PKCS#7 fixtures of dev.mkddi.sign from the TEST-ONLY vector keys with
# OpenSSL 3 (made with 3.0), and the broken signature-partition fixtures with python3.
# Encryption salts and the *-fail keys are random: rerunning changes bytes, not test results.
set -euo pipefail
cd "$(dirname "$0")"
export OPENSSL_CONF=/dev/null
PW=pass:test-only-password
printf 'test-only-password\n' > password.txt

# key encodings of test-only-rsa.key / test-only-ec.key
openssl pkey -in test-only-rsa.key -traditional -out rsa-pkcs1.key
openssl pkcs8 -topk8 -v2 aes-256-cbc -in test-only-rsa.key -passout $PW -out rsa-pkcs8-aes.key
openssl rsa -in test-only-rsa.key -traditional -aes128 -passout $PW -out rsa-legacy-aes.key
openssl rsa -in test-only-rsa.key -traditional -des3 -passout $PW -out rsa-legacy-des3.key
openssl ec -in test-only-ec.key -out ec-sec1.key
{ openssl ecparam -name prime256v1; cat ec-sec1.key; } > ec-sec1-params.key
openssl pkcs8 -topk8 -scrypt -in test-only-ec.key -passout $PW -out ec-pkcs8-scrypt.key
openssl ec -in test-only-ec.key -aes256 -passout $PW -out ec-legacy-aes.key
openssl x509 -in test-only-rsa.crt -outform DER -out test-only-rsa-crt.der

# a signature without the embedded certificate (RSA is deterministic: same bytes every run)
openssl smime -sign -binary -noattr -nocerts -outform der -inkey test-only-rsa.key \
  -signer test-only-rsa.crt -in roothash.txt -out rsa-nocerts.p7s

# an RSA key that belongs to no certificate here
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other-rsa.key

# keys mkddi refuses
openssl genpkey -algorithm ed25519 -out ed25519-fail.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024-fail.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -out secp256k1-fail.key
openssl ec -in test-only-ec.key -param_enc explicit -out ec-explicit-fail.key
openssl pkey -in test-only-rsa.key -pubout -out public-only-fail.key
printf 'this is not a key\n' > garbage-fail.key
printf -- '-----BEGIN PRIVATE KEY-----\n!!!!not base64!!!!\n-----END PRIVATE KEY-----\n' \
  > bad-base64-fail.key
printf 'this is not a certificate\n' > garbage-fail.crt

# broken signature partitions (short: the reader takes any size up to 4 MiB)
python3 - <<'PY'
ok = b'{"rootHash":"00ff","signature":"MAA="}'
cases = {
    'embedded-nul-fail.bin': ok + b'\0' * 8 + b'x' + b'\0' * 7,
    'all-nul-fail.bin': b'\0' * 64,
    'not-json-fail.bin': b'rootHash=00ff\0\0\0\0',
    'not-object-fail.bin': b'["00ff"]\0\0\0\0',
    'missing-signature-fail.bin': b'{"rootHash":"00ff"}\0\0\0\0',
    'missing-roothash-fail.bin': b'{"signature":"MAA="}\0\0\0\0',
    'bad-hex-fail.bin': b'{"rootHash":"00fg","signature":"MAA="}\0\0\0\0',
    'odd-hex-fail.bin': b'{"rootHash":"00f","signature":"MAA="}\0\0\0\0',
    'bad-base64-fail.bin': b'{"rootHash":"00ff","signature":"M*A="}\0\0\0\0',
    'roothash-number-fail.bin': b'{"rootHash":255,"signature":"MAA="}\0\0\0\0',
    'duplicate-key-fail.bin': b'{"rootHash":"00ff","rootHash":"00ff","signature":"MAA="}\0\0\0\0',
    'trailing-garbage-fail.bin': ok + b' x\0\0\0\0',
    'truncated-fail.bin': ok[:20] + b'\0\0\0\0',
}
for name, data in cases.items():
    open(name, 'wb').write(data)
# accepted variants: systemd's own tests write a trailing newline and no fingerprint
open('newline-nofingerprint.bin', 'wb').write(ok + b'\n' + b'\0' * 16)
PY
