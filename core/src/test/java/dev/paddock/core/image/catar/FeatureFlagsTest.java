package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.paddock.testing.CatarFixtures;
import dev.paddock.testing.Prereqs;
import dev.paddock.testing.Run;

class FeatureFlagsTest {
    @Test
    void makeDefaultIsTheSelinuxBuildDefault() {
        assertThat(FeatureFlags.MAKE_DEFAULT.bits()).isEqualTo(0xb0000001ffeffe26L);
        assertThat(FeatureFlags.forMake(FeatureFlags.Options.defaults())).isEqualTo(FeatureFlags.MAKE_DEFAULT);
    }

    @Test
    void theInstalledCasyncUsesTheSameDefault() throws IOException {
        Prereqs.requireTool("casync");
        Path work = Files.createTempDirectory("catar-flags");
        try {
            Files.writeString(Files.createDirectories(work.resolve("d")).resolve("f"), "x");
            Path index = work.resolve("x.caidx");
            Run.ok("casync", "make", "--store=" + work.resolve("store"), index.toString(), work.resolve("d").toString());
            long flags = ByteBuffer.wrap(Files.readAllBytes(index)).order(ByteOrder.LITTLE_ENDIAN).getLong(16);
            assertThat(new FeatureFlags(flags)).isEqualTo(FeatureFlags.MAKE_DEFAULT);
        } finally {
            CatarFixtures.remove(work);
        }
    }

    @Test
    void namesFollowCasyncTable() {
        assertThat(FeatureFlags.bitsOf("unix")).isEqualTo(0x1e09L | 0x100L | 0x200L);
        assertThat(FeatureFlags.bitsOf("all")).isEqualTo(FeatureFlags.WITH_MASK);
        assertThat(FeatureFlags.knownNames()).contains("best", "fat", "chattr", "fat-attrs", "privileged", "fuse",
                "flag-nodump", "quota-projid", "subvolume-ro", "2sec-time");
        assertThatThrownBy(() -> FeatureFlags.bitsOf("bogus")).hasMessageContaining("unknown feature 'bogus'");
        assertThat(FeatureFlags.MAKE_DEFAULT.withNames()).containsExactly("32bit-uids", "user-names", "nsec-time",
                "symlinks", "device-nodes", "fifos", "sockets", "flag-hidden", "flag-system", "flag-archive",
                "flag-append", "flag-noatime", "flag-compr", "flag-nocow", "flag-dirsync", "flag-immutable", "flag-sync",
                "flag-nocomp", "flag-projinherit", "subvolume", "subvolume-ro", "xattrs", "acl", "selinux", "fcaps", "quota-projid");
        assertThat(FeatureFlags.MAKE_DEFAULT.names()).contains("exclude-nodump", "exclude-file", "sha512-256", "acl")
                .doesNotContain("permissions", "16bit-uids");
        // like casync's formatter, single bits come first in the table, so composites only name leftovers
        assertThat(new FeatureFlags(FeatureFlags.WITH_UNIX).withNames()).containsExactly("16bit-uids", "sec-time",
                "permissions", "symlinks", "device-nodes", "fifos", "sockets");
    }

    @Test
    void normalizationDropsRedundantBits() {
        FeatureFlags unix = FeatureFlags.forMake(new FeatureFlags.Options(List.of("unix"), List.of(), true, false, true, true));
        assertThat(unix.bits()).isEqualTo(FeatureFlags.WITH_UNIX | FeatureFlags.EXCLUDE_NODUMP | FeatureFlags.EXCLUDE_FILE
                | FeatureFlags.SHA512_256);
        FeatureFlags acl = new FeatureFlags(FeatureFlags.WITH_ACL | FeatureFlags.WITH_PERMISSIONS).normalize();
        assertThat(acl.bits()).isEqualTo(FeatureFlags.WITH_ACL | FeatureFlags.WITH_32BIT_UIDS | FeatureFlags.WITH_USER_NAMES);
        assertThat(new FeatureFlags(FeatureFlags.WITH_SUBVOLUME_RO).normalize().has(FeatureFlags.WITH_SUBVOLUME)).isTrue();
        assertThat(new FeatureFlags(FeatureFlags.WITH_16BIT_UIDS | FeatureFlags.WITH_32BIT_UIDS).isNormalized()).isFalse();
        assertThat(new FeatureFlags(1L << 40).isNormalized()).isFalse();
        assertThatThrownBy(() -> new FeatureFlags(1L << 40).normalize()).hasMessageContaining("unknown feature flag bits");
    }

    @Test
    void normalizeIsIdempotentAndMaskExpansionCoversIt() {
        Random r = new Random(5);
        for (int i = 0; i < 2000; i++) {
            FeatureFlags f = new FeatureFlags(r.nextLong() & FeatureFlags.MAX).normalize();
            assertThat(f.normalize()).isEqualTo(f);
            assertThat(f.isNormalized()).isTrue();
            assertThat(f.expandAsMask().bits() & f.bits()).isEqualTo(f.bits());
        }
    }

    @Test
    void granularityAndChattrMapping() {
        assertThat(FeatureFlags.MAKE_DEFAULT.timeGranularityNanos()).isEqualTo(1);
        assertThat(new FeatureFlags(FeatureFlags.WITH_2SEC_TIME).timeGranularityNanos()).isEqualTo(2_000_000_000L);
        assertThat(new FeatureFlags(0).timeGranularityNanos()).isEqualTo(-1);
        int all = FeatureFlags.toChattr(FeatureFlags.WITH_CHATTR);
        assertThat(FeatureFlags.fromChattr(all)).isEqualTo(FeatureFlags.WITH_CHATTR);
        assertThat(FeatureFlags.fromChattr(FeatureFlags.FS_NODUMP_FL)).isEqualTo(FeatureFlags.WITH_FLAG_NODUMP);
    }
}
