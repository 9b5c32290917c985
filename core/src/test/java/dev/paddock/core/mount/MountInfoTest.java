package dev.paddock.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Parsing of /proc/self/mountinfo and the pure helpers around it (no mounts needed). */
class MountInfoTest {
    static final String TABLE = """
            22 27 0:21 / /proc rw,relatime shared:5 - proc proc rw
            42 27 254:0 /srv/img\\040one /run/paddock/shift-mount/c\\0401-0011223344556677 rw,relatime,idmapped - ext4 /dev/vda rw,discard
            45 27 0:39 / /mnt/c\\0401 rw,relatime - overlay paddock:shift=0x30000,range=0x10000,method=idmap rw,lowerdir=/run/paddock/shift-mount/c\\0401-0011223344556677,upperdir=/srv/st\\054x/upper,workdir=/srv/st\\054x/work,redirect_dir=on,index=on,metacopy=on
            46 45 0:40 / /mnt/c\\0401/proc rw - proc proc rw
            """;

    @Test
    void parsesFieldsUnescapesAndSkipsOptionalFields() {
        MountInfo info = MountInfo.parse(TABLE);
        assertThat(info.entries()).hasSize(4);
        MountInfoEntry proc = info.entries().get(0);
        assertThat(proc.fsType()).isEqualTo("proc");
        assertThat(proc.source()).isEqualTo("proc");
        MountInfoEntry clone = info.entries().get(1);
        assertThat(clone.root()).isEqualTo("/srv/img one");
        assertThat(clone.mountOptions()).contains("idmapped");
        MountInfoEntry ovl = info.at(Path.of("/mnt/c 1")).orElseThrow();
        assertThat(ovl.id()).isEqualTo(45);
        assertThat(ovl.source()).isEqualTo("paddock:shift=0x30000,range=0x10000,method=idmap");
        assertThat(ovl.option("upperdir")).isEqualTo("/srv/st,x/upper");
        assertThat(ovl.option("metacopy")).isEqualTo("on");
        assertThat(ovl.option("rw")).isEmpty();
        assertThat(ovl.option("nfs_export")).isNull();
        assertThat(ShiftMounter.isPaddockOverlay(ovl)).isTrue();
        assertThat(ShiftMounter.isPaddockOverlay(proc)).isFalse();
        assertThat(ShiftMounter.isStagedClone(Path.of(ovl.option("lowerdir")), info)).isTrue();
        assertThat(ShiftMounter.isStagedClone(Path.of("/srv/img one"), info)).isFalse();
        assertThat(ShiftMounter.isStagedClone(Path.of("/run/paddock/shift-mount/other-0011223344556677"), info)).isFalse();
        assertThat(ShiftMounter.sourceOptions(ovl.source())).containsEntry("shift", "0x30000")
                .containsEntry("range", "0x10000").containsEntry("method", "idmap");
    }

    @Test
    void underListsDeepestFirst() {
        assertThat(MountInfo.parse(TABLE).under(Path.of("/mnt/c 1"))).extracting(MountInfoEntry::id)
                .containsExactly(46, 45);
        assertThat(MountInfo.parse(TABLE).under(Path.of("/mnt/c"))).isEmpty();
    }

    @Test
    void unescapesMultiByteNames() {
        assertThat(MountInfoEntry.unescape("/x/\\303\\251t\\303\\251")).isEqualTo("/x/été");
        assertThat(MountInfoEntry.unescape("/a\\134b")).isEqualTo("/a\\b");
    }

    @Test
    void malformedLinesAreRejected() {
        assertThatThrownBy(() -> MountInfo.parse("1 2 3")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void overlayOptionsEscapeSeparators() {
        assertThat(OverlayOptions.of(Path.of("/a:b"), Path.of("/s,t/upper"), Path.of("/s,t/work")))
                .isEqualTo("lowerdir=/a\\:b,upperdir=/s\\,t/upper,workdir=/s\\,t/work,index=on,metacopy=on");
    }

    @Test
    void kernelFeaturesCanBeSwitchedOff() {
        KernelFeatures all = new KernelFeatures(true, true, true);
        assertThat(all.without(null)).isEqualTo(all);
        assertThat(all.without("idmap")).isEqualTo(new KernelFeatures(false, false, true));
        assertThat(all.without(" overlay-idmap , metacopy")).isEqualTo(new KernelFeatures(true, false, false));
        assertThat(all.without("overlay-idmap").idmapOverlay()).isFalse();
        assertThatThrownBy(() -> all.without("warp")).hasMessageContaining("unknown kernel feature 'warp'");
    }

    @Test
    void specRejectsRangesBeyondTheIdSpace() {
        assertThatThrownBy(() -> new ShiftMountSpec(Path.of("/l"), Path.of("/s"), Path.of("/m"), 0xFFFF0000L, 0x10000, Method.AUTO))
                .hasMessageContaining("does not fit in 32-bit ids");
        assertThatThrownBy(() -> new ShiftMountSpec(Path.of("/l"), Path.of("/s"), Path.of("/m"), 0, 0, Method.AUTO))
                .hasMessageContaining("range must be positive");
    }

    @Test
    void stateRecordRoundTripsAndToleratesNewFields() throws Exception {
        MountState s = new MountState(1, "/opt/a b", "/mnt/c", 0x30000, 0x10000, "chown", null, 0x30000L, 4484L);
        assertThat(MountState.parse(s.toJson())).isEqualTo(s);
        MountState idmap = new MountState(1, "/opt/a", "/mnt/c", 0x40000, 0x10000, "idmap", "/run/x", null, null);
        assertThat(MountState.parse(idmap.toJson())).isEqualTo(idmap);
        String newer = "{\"version\":2,\"lower\":\"/l\",\"mountpoint\":\"/m\",\"shift\":5,\"range\":6,"
                + "\"method\":\"idmap\",\"extra\":{\"a\":[1,2]},\"lowerClone\":null}";
        assertThat(MountState.parse(newer.getBytes())).isEqualTo(new MountState(2, "/l", "/m", 5, 6, "idmap", null, null, null));
    }
}
