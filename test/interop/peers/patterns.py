"""Payloads both sides rebuild from a rule (see test/interop/helpers.ts), so a length and a
SHA-256 are enough to prove an exact echo of up to 1 MiB."""

import hashlib

# Byte i is (31 i + 7) mod 256; the sequence repeats every 256 bytes.
_BINARY_PERIOD = bytes((i * 31 + 7) & 0xFF for i in range(256))
# "aü€😀": 1 + 2 + 3 + 4 bytes of UTF-8, repeated, then padded with "x".
_TEXT_UNIT = "aü€😀".encode("utf-8")

# Every size from 1 B to 1 MiB across the length encodings of RFC 6455 §5.2 (7, 16, 64 bits).
SIZES = [1, 125, 126, 65535, 65536, 1024 * 1024]


def binary_pattern(n: int) -> bytes:
    return (_BINARY_PERIOD * (n // 256 + 1))[:n]


def text_pattern(n: int) -> str:
    return (_TEXT_UNIT * (n // len(_TEXT_UNIT)) + b"x" * (n % len(_TEXT_UNIT))).decode("utf-8")


def describe(message) -> dict:
    """A received message as the tests compare it: its type, length and hash."""
    data = message.encode("utf-8") if isinstance(message, str) else bytes(message)
    return {
        "kind": "text" if isinstance(message, str) else "binary",
        "length": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
