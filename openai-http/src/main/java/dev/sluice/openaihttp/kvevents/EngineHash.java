package dev.sluice.openaihttp.kvevents;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An engine's own name for a KV block: a 64-bit integer (vLLM's default, unsigned; SGLang's, signed) or raw bytes
 * (vLLM with {@code VLLM_KV_EVENTS_USE_INT_BLOCK_HASHES=0}). Opaque to Sluice: only a key for removals and parents.
 */
sealed interface EngineHash {
    /** The 64 bits of an integer hash, whatever its sign on the wire. */
    record Int(long bits) implements EngineHash {
        @Override
        public String toString() {
            return Long.toUnsignedString(bits);
        }
    }

    /** A hash sent as bytes. */
    record Bytes(byte[] value) implements EngineHash {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "0x" + HexFormat.of().formatHex(value);
        }
    }
}
