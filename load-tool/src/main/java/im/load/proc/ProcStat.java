package im.load.proc;

/**
 * The fields of one {@code /proc/<pid>/stat} (or {@code /proc/<pid>/task/<tid>/stat}) line this tool
 * uses. Times are in clock ticks ({@code USER_HZ}). The command name sits in parentheses and may itself
 * contain spaces and parentheses, so fields are counted from the <em>last</em> closing parenthesis.
 */
record ProcStat(int pid, String comm, int ppid, long utime, long stime, long cutime, long cstime) {

    /** This task's own CPU (user + system). */
    long ownTicks() {
        return utime + stime;
    }

    /** Its own CPU plus that of its children it has waited for (gone backends of a postmaster). */
    long ticksWithReapedChildren() {
        return utime + stime + cutime + cstime;
    }

    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        int pid = Integer.parseInt(line.substring(0, open).trim());
        String comm = line.substring(open + 1, close);
        // After ") ": field 3 (state) is index 0, so field n is index n - 3.
        String[] f = line.substring(close + 2).trim().split(" +");
        return new ProcStat(
                pid,
                comm,
                Integer.parseInt(f[4 - 3]),
                Long.parseLong(f[14 - 3]),
                Long.parseLong(f[15 - 3]),
                Long.parseLong(f[16 - 3]),
                Long.parseLong(f[17 - 3]));
    }
}
