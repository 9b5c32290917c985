package dev.paddock.core.image.make;

/** Told about every chunk as it is committed to the index; the CLI renders it. Called from one thread. */
@FunctionalInterface
public interface MakeProgress {
    MakeProgress NONE = (bytes, chunks) -> {};

    void update(long bytesDone, long chunksDone);
}
