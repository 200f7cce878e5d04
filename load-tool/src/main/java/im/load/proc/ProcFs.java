package im.load.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a proc file system mounted at {@code root} ({@code /proc} normally; a fixture directory in
 * tests). A process or thread that vanished between listing and reading is skipped, not an error.
 */
public final class ProcFs {

    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    public static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    Optional<ProcStat> stat(long pid) {
        return read(root.resolve(pid + "/stat")).map(ProcStat::parse);
    }

    /** Every thread of {@code pid} with its name ({@code task/<tid>/stat}). */
    List<ProcStat> threads(long pid) {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(root.resolve(pid + "/task"))) {
            for (Path t : tasks) {
                read(t.resolve("stat")).map(ProcStat::parse).ifPresent(out::add);
            }
        } catch (IOException e) {
            // the process is gone
        }
        return out;
    }

    /** Every process whose parent is {@code pid}, recursively. */
    List<ProcStat> descendants(long pid) {
        List<ProcStat> all = all();
        List<ProcStat> out = new ArrayList<>();
        List<Long> parents = new ArrayList<>(List.of(pid));
        while (!parents.isEmpty()) {
            long p = parents.remove(parents.size() - 1);
            for (ProcStat s : all) {
                if (s.ppid() == p) {
                    out.add(s);
                    parents.add((long) s.pid());
                }
            }
        }
        return out;
    }

    private List<ProcStat> all() {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "[0-9]*")) {
            for (Path d : dirs) {
                read(d.resolve("stat")).map(ProcStat::parse).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    MachineStat machine() {
        return MachineStat.parse(read(root.resolve("stat")).orElseThrow());
    }

    /** Resident set size in bytes ({@code VmRSS} of {@code /proc/<pid>/status}), or -1 if gone. */
    public long rssBytes(long pid) {
        return read(root.resolve(pid + "/status"))
                .flatMap(s -> s.lines()
                        .filter(l -> l.startsWith("VmRSS:"))
                        .findFirst()
                        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024))
                .orElse(-1L);
    }

    /** Open file descriptors of {@code pid}, or -1 if they cannot be listed. */
    public long openFiles(long pid) {
        try (var s = Files.list(root.resolve(pid + "/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
