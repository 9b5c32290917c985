package dev.paddock.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CryptoTest {
    @Test
    void libcryptoDigestsMatchTheJdk() throws Exception {
        Crypto c = Crypto.get();
        assertThat(c).as("libcrypto (package libssl3) loads").isNotNull();
        assertThat(HexFormat.of().formatHex(c.digest(Crypto.Algorithm.SHA512_256, "abc".getBytes())))
                .isEqualTo("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
        Random r = new Random(1);
        for (int len : new int[] {0, 1, 111, 65536, 262144}) {
            byte[] b = new byte[len];
            r.nextBytes(b);
            assertThat(c.digest(Crypto.Algorithm.SHA512_256, b)).isEqualTo(MessageDigest.getInstance("SHA-512/256").digest(b));
            assertThat(c.digest(Crypto.Algorithm.SHA256, b)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(b));
        }
    }

    @Test
    void directBuffersDigestTheirFirstBytesWhateverTheirPosition() throws Exception {
        Crypto c = Crypto.get();
        Random r = new Random(2);
        ByteBuffer direct = ByteBuffer.allocateDirect(262144 + 7);
        for (int len : new int[] {0, 1, 111, 65536, 262144}) {
            byte[] b = new byte[len];
            r.nextBytes(b);
            direct.clear();
            direct.put(b);
            // the position is left after the data: the digest must not depend on it
            assertThat(c.digest(Crypto.Algorithm.SHA512_256, direct, len)).isEqualTo(MessageDigest.getInstance("SHA-512/256").digest(b));
            assertThat(c.digest(Crypto.Algorithm.SHA256, direct, len)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(b));
        }
        assertThatThrownBy(() -> c.digest(Crypto.Algorithm.SHA256, ByteBuffer.allocate(8), 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.digest(Crypto.Algorithm.SHA256, direct, direct.capacity() + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
