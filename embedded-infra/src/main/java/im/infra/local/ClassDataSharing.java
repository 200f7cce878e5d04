package im.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Application class-data sharing for the local run (Spring Boot's documented CDS recipe): each Boot
 * jar is extracted, started once with {@code -XX:ArchiveClassesAtExit} and {@code
 * -Dspring.context.exit=onRefresh}, and later started from the extracted jar with {@code
 * -XX:SharedArchiveFile}. Five JVMs share two cores at start, and loading and verifying classes is
 * most of their work: the archive takes a large part of it away. Archives are kept in {@code
 * .im/cds/<module>} and rebuilt only when the jar's content changes (builds are reproducible).
 */
final class ClassDataSharing {

    private final Path root;
    private final List<String> jvmOptions;

    ClassDataSharing(Path root, List<String> jvmOptions) {
        this.root = root;
        this.jvmOptions = jvmOptions;
    }

    /** The command prefix that runs {@code bootJar}: with a CDS archive when one exists or can be made. */
    Prepared prepare(String module, Path bootJar, Map<String, String> trainingEnv) {
        Path dir = root.resolve(".im/cds").resolve(module);
        Path stamp = dir.resolve("jar.sha256");
        Path jsa = dir.resolve("app.jsa");
        Path app = dir.resolve("app"); // extract wants an empty destination
        Path extracted = app.resolve(bootJar.getFileName());
        String hash = sha256(bootJar);
        try {
            if (!(Files.exists(jsa)
                    && Files.exists(stamp)
                    && Files.readString(stamp).equals(hash))) {
                deleteTree(dir);
                Files.createDirectories(dir);
                run(
                        dir.resolve("extract.log"),
                        Map.of(),
                        List.of(
                                java(),
                                "-Djarmode=tools",
                                "-jar",
                                bootJar.toString(),
                                "extract",
                                "--destination",
                                app.toString()));
                List<String> train = new ArrayList<>(List.of(java(), "-XX:ArchiveClassesAtExit=" + jsa));
                train.addAll(jvmOptions);
                train.addAll(
                        List.of("-Dspring.context.exit=onRefresh", "-jar", extracted.toString(), "--server.port=0"));
                run(dir.resolve("training.log"), trainingEnv, train);
                if (!Files.exists(jsa)) {
                    return new Prepared(bootJar, null);
                }
                Files.writeString(stamp, hash);
            }
            return new Prepared(extracted, jsa);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar to run and, if present, its archive. */
    record Prepared(Path jar, Path archive) {

        List<String> archiveOptions() {
            return archive == null ? List.of() : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off");
        }
    }

    private static void run(Path log, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
