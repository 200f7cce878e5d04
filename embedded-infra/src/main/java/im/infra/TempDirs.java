package im.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories that are removed with everything in them. */
final class TempDirs {

    private TempDirs() {}

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes {@code dir} and its content. A server that just stopped may still be removing its own
     * files (PostgreSQL's last checkpoint), so a walk that trips over a vanished file is retried.
     */
    static void deleteRecursively(Path dir) {
        for (int attempt = 1; dir != null && Files.exists(dir); attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                if (attempt >= 10) {
                    throw new UncheckedIOException(
                            "could not delete " + dir,
                            e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
                }
                Ports.sleep(200);
            }
        }
    }
}
