package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class SipHash24Test {
    @Test
    void referenceVectors() {
        // the reference implementation's key 00..0f with messages 00..(n-1), from the SipHash paper's appendix
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) {
            key[i] = (byte) i;
        }
        ByteBuffer k = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        long k0 = k.getLong(0), k1 = k.getLong(8);
        byte[] msg = new byte[64];
        for (int i = 0; i < 64; i++) {
            msg[i] = (byte) i;
        }
        assertThat(SipHash24.hash(k0, k1, msg, 0, 0)).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(SipHash24.hash(k0, k1, msg, 0, 15)).isEqualTo(0xa129ca6149be45e5L);
        assertThat(SipHash24.hash(k0, k1, msg, 0, 8)).isEqualTo(0x93f5f5799a932462L);
    }
}
