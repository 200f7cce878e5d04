package im.system.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each service owns its data: the SQL in a module's main code and resources names only the schema its
 * owner owns. A service's owner-provided client module ({@code presence-client}, {@code group-client})
 * counts as its owner's code. Every module of the build must be listed here, so a new one is classified
 * when it is added.
 */
class SchemaOwnershipTest {

    static final Set<String> SCHEMAS = Set.of("routing", "presence", "groups");

    /** Module directory (relative to the repository) → the schema its SQL may name ("" for none). */
    static final Map<String, String> OWNER = Map.ofEntries(
            Map.entry("routing-service", "routing"),
            Map.entry("presence-service", "presence"),
            Map.entry("presence-client", "presence"),
            Map.entry("group-service", "groups"),
            Map.entry("group-client", "groups"),
            Map.entry("gateway-service", ""),
            Map.entry("web-service", ""),
            Map.entry("client", ""),
            Map.entry("load-tool", ""),
            Map.entry("embedded-infra", ""),
            Map.entry("system-tests", ""),
            Map.entry("common/ring", ""),
            Map.entry("common/protocol", ""),
            Map.entry("common/contracts", ""),
            Map.entry("common/cluster-starter", ""),
            Map.entry("common/web-starter", ""),
            Map.entry("common/security-starter", ""),
            Map.entry("common/messaging-starter", ""));

    /** A string literal (or text block) of Java code. */
    private static final Pattern LITERAL =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    /** A schema-qualified name: {@code presence.user_block}, not {@code im.presence.client}. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.$])(routing|presence|groups)\\.[a-z_]+\\b");
    /** Flyway's schema settings in a service's configuration. */
    private static final Pattern FLYWAY = Pattern.compile("(?m)^\\s*(?:schemas|default-schema):\\s*(\\w+)");

    private final Path root =
            Path.of(System.getProperty("im.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyModuleOfTheBuildIsClassified() throws IOException {
        List<String> modules = new ArrayList<>();
        for (Path dir : List.of(root, root.resolve("common"))) {
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src")))
                        .forEach(d -> modules.add(root.relativize(d).toString()));
            }
        }
        assertThat(modules).isNotEmpty();
        assertThat(OWNER.keySet()).containsAll(modules);
    }

    @Test
    void noModuleNamesASchemaItDoesNotOwn() {
        List<String> violations = new ArrayList<>();
        OWNER.forEach((module, own) -> {
            Path main = root.resolve(module).resolve("src/main");
            if (Files.isDirectory(main)) {
                violations.addAll(foreignSchemas(main, own));
            }
        });
        assertThat(violations).as("SQL on another service's schema").isEmpty();
    }

    @Test
    void theCheckSeesSqlOnAForeignSchemaAndOnlyThat() {
        String java = "class X { String q = \"select 1 from presence.user_block b join routing.message m\";"
                + " String pkg = \"im.presence.client.BlockList\"; }";
        assertThat(schemasIn(java, true)).containsExactly("presence", "routing");
        assertThat(schemasIn("spring:\n  flyway:\n    schemas: groups\n", false))
                .containsExactly("groups");
        assertThat(schemasIn("// presence.user_block in a comment, not SQL\nclass Y {}", true))
                .isEmpty();
        assertThat(schemasIn("-- read from groups.group_member\nalter table routing.conversation;", false))
                .containsExactly("routing");
    }

    private static List<String> foreignSchemas(Path main, String own) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                boolean java = name.endsWith(".java");
                if (!java && !name.matches(".*\\.(sql|ya?ml|properties|xml)")) {
                    continue;
                }
                for (String schema : schemasIn(Files.readString(f, StandardCharsets.UTF_8), java)) {
                    if (!schema.equals(own)) {
                        out.add(f + " names schema " + schema);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The schemas {@code text} names: in Java, inside string literals only; elsewhere anywhere. */
    static Set<String> schemasIn(String text, boolean java) {
        Set<String> found = new TreeSet<>();
        List<String> parts = new ArrayList<>();
        if (java) {
            Matcher m = LITERAL.matcher(text);
            while (m.find()) {
                parts.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        } else {
            // Comments are not SQL (and an applied migration's comment cannot change: Flyway checksums it).
            parts.add(text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)(--|#).*$", ""));
            Matcher f = FLYWAY.matcher(text);
            while (f.find()) {
                if (SCHEMAS.contains(f.group(1))) {
                    found.add(f.group(1));
                }
            }
        }
        for (String part : parts) {
            Matcher q = QUALIFIED.matcher(part);
            while (q.find()) {
                found.add(q.group(1));
            }
        }
        return found;
    }
}
