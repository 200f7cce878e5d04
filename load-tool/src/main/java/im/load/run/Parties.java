package im.load.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Several load-tool processes acting as one load, when one process cannot hold every connection (a
 * process's open-file cap: 20,000 sockets on the reference machine). Each process is one party of
 * {@code count}; they meet at named points in a shared directory (a file per party and point) so that
 * their stages start within milliseconds of each other, and each party writes how many messages it
 * delivered in a stage so that every party divides the cluster's CPU by all of them, not by its own
 * share.
 *
 * <p>Latency needs no exchange: every party measures from its own scheduled sends to its own
 * receivers' pushes. Each party's report covers its half of the users; the cluster's CPU columns are
 * the same in every party's report.
 *
 * <p>A file system directory rather than a socket: the parties are started side by side by the
 * launcher, and a file left behind shows which party did not arrive.
 */
public final class Parties {

    private static final Duration MEET_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(120);

    private final int index;
    private final int count;
    private final Path dir;

    /** @param index this party, 1-based; @param count how many parties; @param dir the shared directory */
    public Parties(int index, int count, Path dir) {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("party " + index + " of " + count);
        }
        if (count > 1 && dir == null) {
            throw new IllegalArgumentException("several parties need a shared directory (--party-dir)");
        }
        this.index = index;
        this.count = count;
        this.dir = dir;
    }

    /** The usual case: one process is the whole load. */
    public static Parties alone() {
        return new Parties(1, 1, null);
    }

    public boolean several() {
        return count > 1;
    }

    public int index() {
        return index;
    }

    public int count() {
        return count;
    }

    /** Waits until every party reached {@code point}. */
    public void meet(String point) {
        if (!several()) {
            return;
        }
        write(point + ".at." + index, "");
        System.out.printf("party %d/%d at %s; waiting for the others%n", index, count, point);
        long deadline = System.nanoTime() + MEET_TIMEOUT.toNanos();
        while (arrived(point + ".at.") < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every party reached " + point + " within " + MEET_TIMEOUT);
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    /**
     * Publishes this party's {@code mine} for {@code stage} and returns the sum over all parties (or
     * {@code mine} alone, with a warning, when some party did not report in time).
     */
    public long total(String stage, long mine) {
        if (!several()) {
            return mine;
        }
        write(stage + ".count." + index, Long.toString(mine));
        long deadline = System.nanoTime() + COUNT_TIMEOUT.toNanos();
        while (arrived(stage + ".count.") < count) {
            if (System.nanoTime() > deadline) {
                System.out.printf(
                        "party %d/%d: not every party reported %s; dividing by my own count%n", index, count, stage);
                return mine;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        long sum = 0;
        for (int k = 1; k <= count; k++) {
            sum += Long.parseLong(read(stage + ".count." + k).trim());
        }
        return sum;
    }

    private long arrived(String prefix) {
        long n = 0;
        for (int k = 1; k <= count; k++) {
            n += Files.exists(dir.resolve(prefix + k)) ? 1 : 0;
        }
        return n;
    }

    private void write(String name, String content) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            Files.writeString(tmp, content);
            // The rename makes the file appear whole: a reader never sees a half-written count.
            Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " in " + dir, e);
        }
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " in " + dir, e);
        }
    }
}
