package io.cistern.app;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr: redrawn in place on a terminal, a plain line every few seconds when
 * stderr is a file or a pipe (so logs stay readable).
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final Duration total;
    private final LongSupplier operations;
    private final long startNanos = System.nanoTime();
    private long lastLineNanos;

    ProgressBar(PrintStream out, boolean terminal, Duration total, LongSupplier operations) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.operations = operations;
    }

    /** Draws the bar; call every few hundred milliseconds. */
    void update() {
        draw(false);
    }

    private void draw(boolean last) {
        long now = System.nanoTime();
        if (!terminal && !last && now - lastLineNanos < 5_000_000_000L) {
            return;
        }
        lastLineNanos = now;
        double elapsed = (now - startNanos) / 1e9;
        double fraction = Math.min(1.0, elapsed / (total.toMillis() / 1000.0));
        int filled = (int) Math.round(fraction * WIDTH);
        long ops = operations.getAsLong();
        String line = String.format(Locale.ROOT, "[%s%s] %3.0f%%  %5.1fs / %.0fs  %,d ops  %,.0f ops/s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, elapsed, total.toMillis() / 1000.0,
                ops, elapsed > 0 ? ops / elapsed : 0.0);
        out.print(terminal ? "\r" + line : line + System.lineSeparator());
        out.flush();
    }

    void finish() {
        draw(true);
        if (terminal) {
            out.println();
        }
    }
}
