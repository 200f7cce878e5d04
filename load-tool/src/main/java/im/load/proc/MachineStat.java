package im.load.proc;

/**
 * The first ({@code cpu}) line of {@code /proc/stat}: the whole machine's time in clock ticks. Busy is
 * everything but idle and iowait; guest time is already counted in user, so it is not added again.
 */
record MachineStat(long busyTicks, long idleTicks) {

    static MachineStat parse(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.substring(4).trim().split(" +");
                long user = Long.parseLong(f[0]);
                long nice = Long.parseLong(f[1]);
                long system = Long.parseLong(f[2]);
                long idle = Long.parseLong(f[3]);
                long iowait = f.length > 4 ? Long.parseLong(f[4]) : 0;
                long irq = f.length > 5 ? Long.parseLong(f[5]) : 0;
                long softirq = f.length > 6 ? Long.parseLong(f[6]) : 0;
                long steal = f.length > 7 ? Long.parseLong(f[7]) : 0;
                return new MachineStat(user + nice + system + irq + softirq + steal, idle + iowait);
            }
        }
        throw new IllegalArgumentException("no cpu line in /proc/stat");
    }
}
