package im.load.capacity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The parent's handle on one child process: its lines in, commands out. */
final class Child implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    Child(List<String> command, java.nio.file.Path log) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a load-generator child", e);
        }
        out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        in = new PrintWriter(process.getOutputStream(), true);
    }

    long pid() {
        return process.pid();
    }

    void tell(String word) {
        in.println(word);
    }

    /** The next line that starts with {@code word}, split on spaces; fails if the child ended first. */
    String[] await(String word) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(word)) {
                    return line.split(" ");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("load-generator child " + pid() + " exited before '" + word + "'");
    }

    static List<String> sources(String spec) {
        List<String> out = new ArrayList<>();
        if (spec.isBlank() || spec.equals("none")) {
            return out;
        }
        String[] range = spec.split("-");
        String base = range[0].substring(0, range[0].lastIndexOf('.') + 1);
        int from = Integer.parseInt(range[0].substring(base.length()));
        int to = range.length > 1 ? Integer.parseInt(range[1].substring(range[1].lastIndexOf('.') + 1)) : from;
        for (int i = from; i <= to; i++) {
            out.add(base + i);
        }
        return out;
    }

    @Override
    public void close() {
        in.close();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
