package im.load;

import im.load.direct.DirectRun;
import im.load.group.GroupRun;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./im load <mode>}: see docs/benchmarks.md, "The load tool". */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Open-loop load against a cluster, by URL; reports into --out.",
        subcommands = {LoadTool.Direct.class, LoadTool.Group.class, CapacityCommand.class})
public final class LoadTool {

    public static void main(String[] args) {
        // Presets give their defaults through IM_LOAD_* variables; a flag on the command line wins.
        System.exit(new CommandLine(new LoadTool()).execute(args));
    }

    @Command(
            name = "direct",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "User pairs across nodes writing to each other.")
    static final class Direct implements Callable<Integer> {

        @Mixin
        Common common;

        @Option(
                names = "--pairs",
                defaultValue = "${env:IM_LOAD_PAIRS:-50}",
                description = "user pairs, the two" + " users of a pair on different gateways")
        int pairs;

        @Override
        public Integer call() {
            Map<String, Object> flags = common.flags();
            flags.put("pairs", pairs);
            DirectRun.run(common.target(), pairs, common.sweep(), flags);
            return 0;
        }
    }

    @Command(
            name = "group",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "One group, its online members all connected, a few senders.")
    static final class Group implements Callable<Integer> {

        @Mixin
        Common common;

        @Option(
                names = "--members",
                defaultValue = "${env:IM_LOAD_MEMBERS:-1000}",
                description = "group size (≥ --online)")
        int members;

        @Option(
                names = "--online",
                defaultValue = "${env:IM_LOAD_ONLINE}",
                description = "members connected (default: all)")
        Integer online;

        @Option(
                names = "--senders",
                defaultValue = "${env:IM_LOAD_SENDERS:-1}",
                description = "online members that" + " write (message i from sender i mod senders)")
        int senders;

        @Override
        public Integer call() {
            int on = online == null ? members : Math.min(online, members);
            Map<String, Object> flags = common.flags();
            flags.put("members", members);
            flags.put("online", on);
            flags.put("senders", senders);
            GroupRun.run(common.target(), new GroupRun.Shape(members, on, senders), common.sweep(), flags);
            return 0;
        }
    }
}
