package dev.paddock.core.image.catar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** fnmatch(3) with FNM_PERIOD, as glibc answers (checked with python's ctypes against libc while writing). */
class FnmatchTest {
    @ParameterizedTest
    @CsvSource({
        "*.o, a.o, true", "*.o, .a.o, false", "*, .x, false", "?x, .x, false", ".*, .x, true", "[.]x, .x, false",
        "[a-c]x?, bx1, true", "[a-c]x?, dx1, false", "[!a-c]x, dx, true", "[^a-c]x, ax, false",
        "[[:digit:]]*, 9lives, true", "[[:upper:]]*, lower, false", "\\*, *, true", "\\*, a, false",
        "a[, a[, true", "[]]x, ]x, true", "*a*b*, xxaybz, true", "*a*b, xxaybz, false", "*a*b*, xxaybbz, true", "a*, a, true",
    })
    void matchesLikeGlibc(String pattern, String name, boolean expected) {
        assertThat(ExcludeRules.Fnmatch.matches(pattern.getBytes(StandardCharsets.UTF_8), name.getBytes(StandardCharsets.UTF_8)))
                .as("fnmatch(%s, %s)", pattern, name).isEqualTo(expected);
    }
}
