package im.load.proc;

/**
 * A process whose CPU is measured.
 *
 * @param name how it is shown (a service name, {@code kafka}, {@code postgres}, {@code load-tool})
 * @param pid its process id
 * @param withChildren count its descendants too (PostgreSQL's backends; the load tool's children)
 * @param jvm a service JVM: its JIT compiler threads are watched during the warm-up
 */
public record Watched(String name, long pid, boolean withChildren, boolean jvm) {}
