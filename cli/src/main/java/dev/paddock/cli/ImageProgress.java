package dev.paddock.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr with bytes, chunks and rate, shown only when stderr is a terminal and
 * --quiet was not given. Updates are throttled: the pipelines call {@link #update} per chunk.
 */
final class ImageProgress implements AutoCloseable {
    private final ProgressBar bar;
    private long lastUpdate;

    private ImageProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static ImageProgress start(String task, long totalBytes, boolean quiet) {
        if (quiet || System.console() == null) {
            return new ImageProgress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalBytes <= 0 ? -1 : totalBytes)
                .setUnit("MiB", 1 << 20).showSpeed().setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200).build();
        return new ImageProgress(bar);
    }

    void update(long bytes, long chunks) {
        if (bar == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastUpdate < 50_000_000L) {
            return;
        }
        lastUpdate = now;
        bar.stepTo(bytes);
        bar.setExtraMessage(chunks + " chunks");
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** A bar for a core pipeline that learns the total only once it has read the index. */
    static final class Deferred implements dev.paddock.core.image.extract.ImageExtraction.Progress, AutoCloseable {
        private final String task;
        private final boolean quiet;
        private ImageProgress progress = new ImageProgress(null);

        Deferred(String task, boolean quiet) {
            this.task = task;
            this.quiet = quiet;
        }

        @Override
        public void start(long totalBytes) {
            progress.close();
            progress = ImageProgress.start(task, totalBytes, quiet);
        }

        @Override
        public void update(long bytes, long chunks) {
            progress.update(bytes, chunks);
        }

        @Override
        public void close() {
            progress.close();
        }
    }
}
