/**
 * casync's catar archive format, byte for byte, as streaming codecs.
 *
 * <ul>
 *   <li>{@link dev.paddock.core.image.catar.FeatureFlags} — the 64-bit flags word: casync's --with/--without
 *       names ({@code forMake}, {@code bitsOf}), normalisation, {@code MAKE_DEFAULT} (0xb0000001ffeffe26, what the
 *       Debian casync uses), names of set bits.</li>
 *   <li>{@link dev.paddock.core.image.catar.TreeEncoder} — directory → catar bytes on a {@code WritableByteChannel},
 *       identical to {@code casync make}; {@code encode(Path, channel)} returns the byte count.</li>
 *   <li>{@link dev.paddock.core.image.catar.CatarDecoder} — catar bytes from a {@code ReadableByteChannel} or
 *       {@code InputStream} → {@link dev.paddock.core.image.catar.CatarEvent}s ({@code Entry} with
 *       {@link dev.paddock.core.image.catar.EntryMetadata}, {@code DirectoryEnd}); payload via {@code readPayload},
 *       {@code payload()} or {@code transferPayload}. Strict: errors are
 *       {@link dev.paddock.core.image.catar.CatarFormatException} with the byte offset.</li>
 *   <li>{@link dev.paddock.core.image.catar.TreeExtractor} — decoder → directory, safe for hostile input, atomic
 *       (temporary sibling + rename); {@link dev.paddock.core.image.catar.OwnerMapping} for uid shifts,
 *       {@link dev.paddock.core.image.catar.ExtractListener} for warnings.</li>
 *   <li>{@link dev.paddock.core.image.catar.CatarRender} ({@code list}, {@code mtree}) and
 *       {@link dev.paddock.core.image.catar.CatarDigest} — casync's list/mtree/digest output;
 *       {@link dev.paddock.core.image.catar.EncodingSource} turns a directory into a channel for them.</li>
 *   <li>{@link dev.paddock.core.image.catar.CatarWriter} — the low-level object writer (also used to craft test
 *       archives).</li>
 * </ul>
 */
package dev.paddock.core.image.catar;
