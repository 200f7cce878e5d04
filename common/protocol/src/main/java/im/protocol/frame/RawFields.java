package im.protocol.frame;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one client frame as read, before their rules are checked: strings, integers and the
 * one list ({@code users}), plus which known fields came with a value of the wrong JSON type.
 */
final class RawFields {

    String type;
    boolean typeMissingOrWrong = true;
    Ref ref;
    List<String> users;
    final Map<String, String> strings = new HashMap<>();
    final Map<String, Long> integers = new HashMap<>();
    /** Known fields whose value had the wrong JSON type (or an integer out of range). */
    final Set<String> wrongType = new HashSet<>();

    String string(String name) {
        return strings.get(name);
    }

    Long integer(String name) {
        return integers.get(name);
    }

    boolean has(String name) {
        return strings.containsKey(name) || integers.containsKey(name) || wrongType.contains(name);
    }
}
