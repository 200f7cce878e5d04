package im.infra;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.junit.InfrastructureExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfrastructureExtension.class)
class PostgresIT {

    @Test
    void aFlywayMigrationIsAppliedAndARowRoundTrips(Infrastructure infra) throws Exception {
        MigrateResult result = Flyway.configure()
                .dataSource(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword())
                .schemas("infra_it")
                .locations("classpath:db/infra-it")
                .load()
                .migrate();
        assertThat(result.migrationsExecuted).isEqualTo(1);
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword())) {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO infra_it.infra_it_greeting(text) VALUES (?) RETURNING id")) {
                insert.setString(1, "héllo, 世界");
                try (ResultSet rs = insert.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    long id = rs.getLong(1);
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT text FROM infra_it.infra_it_greeting WHERE id = ?")) {
                        select.setLong(1, id);
                        try (ResultSet row = select.executeQuery()) {
                            assertThat(row.next()).isTrue();
                            assertThat(row.getString(1)).isEqualTo("héllo, 世界");
                        }
                    }
                }
            }
            try (ResultSet v = c.createStatement().executeQuery("SHOW server_version")) {
                assertThat(v.next()).isTrue();
                assertThat(v.getString(1)).startsWith("17.");
            }
        }
    }
}
