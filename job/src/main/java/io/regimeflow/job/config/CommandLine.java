package io.regimeflow.job.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code --config FILE}, {@code --help}, and any configuration key as a flag
 * ({@code --sinks.jdbc.url jdbc:...} or {@code --sinks.jdbc.url=jdbc:...}). A few keys have short
 * aliases, e.g. {@code --source simulator} for {@code --source.type simulator}. A first argument
 * {@code publish} asks for the publish command instead of the analysis job: the configured source
 * written to the Kafka topic.
 */
public record CommandLine(String configFile, boolean help, boolean publish,
        List<Override> overrides) {

    /** One flag: the configuration key it sets, its value, and the flag as typed. */
    public record Override(String key, String value, String flag) {}

    static final Map<String, String> ALIASES = Map.of(
            "source", "source.type",
            "start", "source.start",
            "end", "source.end",
            "seed", "simulator.seed",
            "speed", "simulator.speed",
            "db", "sinks.jdbc.url",
            "parallelism", "job.parallelism");

    /**
     * Parses the arguments.
     *
     * @throws ConfigException for anything that is not a flag with a value
     */
    public static CommandLine parse(String... args) {
        String configFile = null;
        boolean help = false;
        boolean publish = args.length > 0 && args[0].equals("publish");
        List<Override> overrides = new ArrayList<>();
        for (int i = publish ? 1 : 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("unexpected argument '" + arg
                        + "': expected flags such as --config FILE or --source.start 2024-01-01");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigException("flag --" + name + " has no value: expected --" + name
                        + " VALUE");
            }
            if (name.equals("config")) {
                configFile = value;
            } else {
                overrides.add(new Override(ALIASES.getOrDefault(name, name), value, "--" + name));
            }
        }
        return new CommandLine(configFile, help, publish, List.copyOf(overrides));
    }
}
