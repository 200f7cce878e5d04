package im.infra;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds server binaries installed on the machine. */
final class Binaries {

    private Binaries() {}

    /** The absolute path of {@code name} on the PATH (or in /usr/sbin, /usr/bin), or null. */
    static String find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
