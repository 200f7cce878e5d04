package im.gateway.group;

/** Hands the package-private group components to the core tests of other packages. */
public final class GroupSupport {

    private GroupSupport() {}

    public static Class<?>[] components() {
        return new Class<?>[] {LocalGroups.class, GroupFanout.class, GroupDirectory.class};
    }
}
