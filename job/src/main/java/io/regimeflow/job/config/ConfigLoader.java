package io.regimeflow.job.config;

import static io.regimeflow.job.config.ConfigMessages.expectation;
import static io.regimeflow.job.config.ConfigMessages.fieldList;
import static io.regimeflow.job.config.ConfigMessages.oneLine;
import static io.regimeflow.job.config.ConfigMessages.suggestion;
import static io.regimeflow.job.config.ConfigMessages.text;
import static io.regimeflow.job.config.ConfigMessages.unknownKey;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the configuration in layers: built-in defaults, then the YAML file ({@code --config
 * FILE}, else {@code $REGIMEFLOW_CONFIG}, else {@code ./regimeflow.yaml} when present), then
 * {@code REGIMEFLOW_*} environment variables, then flags. Every key of every layer must exist in
 * the defaults, so a typo is an error, not a silently ignored setting. Each problem becomes a
 * {@link ConfigException} naming the key, its value, the layer it came from and what is expected.
 */
public final class ConfigLoader {

    public static final String DEFAULTS_RESOURCE = "regimeflow-defaults.yaml";
    public static final String DEFAULT_FILE = "regimeflow.yaml";
    public static final String ENV_PREFIX = "REGIMEFLOW_";
    public static final String ENV_CONFIG_FILE = "REGIMEFLOW_CONFIG";

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .addModule(ConfigValues.module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, cfg -> cfg
                    // YAML reads 0123 as octal 83 and yes as true: a text key (a password, a
                    // name) given such a value must be quoted rather than silently changed.
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private final ObjectNode tree;
    /** Which layer set each leaf key, for error messages. */
    private final Map<String, String> origins = new LinkedHashMap<>();

    private ConfigLoader(ObjectNode defaults) {
        this.tree = defaults;
    }

    /**
     * Loads and validates the configuration.
     *
     * @param env the process environment (a parameter so tests can supply their own)
     * @param workingDir where {@code regimeflow.yaml} is looked for
     * @throws ConfigException on any problem
     */
    public static RegimeflowConfig load(CommandLine cli, Map<String, String> env,
            Path workingDir) {
        ConfigLoader loader = new ConfigLoader(defaults());
        String file = cli.configFile() != null ? cli.configFile() : env.get(ENV_CONFIG_FILE);
        if (file != null) {
            Path path = workingDir.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("config file '" + file + "' not found"
                        + (cli.configFile() != null ? " (from --config)"
                                : " (from " + ENV_CONFIG_FILE + ")")
                        + ": expected a readable YAML file");
            }
            loader.applyFile(path, file);
        } else if (Files.isRegularFile(workingDir.resolve(DEFAULT_FILE))) {
            loader.applyFile(workingDir.resolve(DEFAULT_FILE), DEFAULT_FILE);
        }
        loader.applyEnvironment(env);
        WebhookVariables.apply(loader.tree, env, loader.origins);
        for (CommandLine.Override o : cli.overrides()) {
            loader.applyValue(o.key(), o.value(), o.flag());
        }
        RegimeflowConfig config = loader.bind();
        ConfigValidator.validate(config, loader.origins);
        return config;
    }

    /** The built-in defaults as a tree. */
    static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader()
                .getResourceAsStream(DEFAULTS_RESOURCE)) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in " + DEFAULTS_RESOURCE, e);
        }
    }

    /** Every leaf key of the defaults, dotted: {@code sinks.jdbc.url}. */
    static List<String> leafKeys() {
        List<String> keys = new ArrayList<>();
        collectLeaves(defaults(), "", keys);
        return keys;
    }

    private static void collectLeaves(JsonNode node, String prefix, List<String> out) {
        if (!node.isObject()) {
            out.add(prefix);
            return;
        }
        node.fieldNames().forEachRemaining(name -> collectLeaves(node.get(name),
                prefix.isEmpty() ? name : prefix + "." + name, out));
    }

    /** The environment variable that sets a key: {@code REGIMEFLOW_SINKS_JDBC_URL}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private void applyFile(Path path, String name) {
        JsonNode user;
        try {
            user = MAPPER.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException("cannot read " + name + ": " + oneLine(e.getOriginalMessage())
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                            + at.getColumnNr()) + ": expected valid YAML");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + name + ": " + e.getMessage());
        }
        if (user == null || user.isMissingNode() || user.isNull()) {
            return; // an empty file changes nothing
        }
        if (!user.isObject()) {
            throw new ConfigException(name + " holds a " + user.getNodeType().name()
                    .toLowerCase(Locale.ROOT) + ": expected a mapping of keys such as symbols, "
                    + "source, sinks");
        }
        merge(tree, (ObjectNode) user, "", name);
    }

    private void merge(ObjectNode target, ObjectNode user, String prefix, String origin) {
        Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode known = target.get(f.getKey());
            if (known == null) {
                throw unknownKey(key, f.getValue(), origin, target, prefix);
            }
            if (UniverseForm.takes(key, f.getValue(), origin, origins)) {
                target.set(f.getKey(), f.getValue()); // symbols' universe form, see bind()
                continue;
            }
            if (known.isObject()) {
                if (!f.getValue().isObject()) {
                    throw ConfigException.at(key, text(f.getValue()), origin,
                            "a mapping with keys " + fieldList(known));
                }
                merge((ObjectNode) known, (ObjectNode) f.getValue(), key, origin);
            } else {
                if (f.getValue().isObject()) {
                    throw ConfigException.at(key, "{...}", origin, "a single value, not a mapping");
                }
                requireNullable(key, known, f.getValue(), origin);
                target.set(f.getKey(), f.getValue());
                origins.put(key, origin);
            }
        }
    }

    /** Keys with a default that may still be unset (null: no limit). */
    private static final Set<String> UNSETTABLE = Set.of("sinks.webhooks.max-age");

    /** Only keys whose default is null, or that are unsettable, may be unset. */
    private static void requireNullable(String key, JsonNode known, JsonNode value,
            String origin) {
        if (value.isNull() && !known.isNull() && !UNSETTABLE.contains(key)) {
            throw ConfigException.at(key, null, origin, "a value (it cannot be unset; its "
                    + "default is " + text(known) + ")");
        }
    }

    private void applyEnvironment(Map<String, String> env) {
        Map<String, String> byEnvName = new LinkedHashMap<>();
        for (String key : leafKeys()) {
            byEnvName.put(envName(key), key);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX) || name.equals(ENV_CONFIG_FILE)) {
                continue;
            }
            String key = byEnvName.get(name);
            if (key == null) {
                throw new ConfigException("unknown environment variable " + name
                        + ": expected REGIMEFLOW_ and a configuration key, e.g. "
                        + "REGIMEFLOW_SINKS_JDBC_URL" + suggestion(name, byEnvName.keySet()));
            }
            applyValue(key, e.getValue(), "environment " + name);
        }
    }

    private void applyValue(String key, String value, String origin) {
        String[] parts = key.split("\\.");
        ObjectNode parent = tree;
        String prefix = "";
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw unknownKey(key, TextNode.valueOf(value), origin, parent, prefix);
            }
            parent = (ObjectNode) child;
            prefix = prefix.isEmpty() ? parts[i] : prefix + "." + parts[i];
        }
        String last = parts[parts.length - 1];
        JsonNode known = parent.get(last);
        if (known == null) {
            throw unknownKey(key, TextNode.valueOf(value), origin, parent, prefix);
        }
        if (known.isObject() && !key.equals(UniverseForm.KEY)) { // a flag's symbols: a list
            throw ConfigException.at(key, value, origin, "one of its keys: "
                    + fieldList(known).replace(", ", ", " + key + "."));
        }
        JsonNode node;
        if (value.equals("null")) {
            node = NullNode.getInstance();
            requireNullable(key, known, node, origin);
        } else if (known.isArray() || key.equals(UniverseForm.KEY)) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(array::add);
            node = array;
        } else {
            node = TextNode.valueOf(value);
        }
        parent.set(last, node);
        origins.put(key, origin);
    }

    private RegimeflowConfig bind() {
        return UniverseForm.bindEither(MAPPER, tree, origins, this::bind);
    }

    private RegimeflowConfig bind(ObjectNode tree) {
        try {
            return MAPPER.treeToValue(tree, RegimeflowConfig.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName()
                            : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            String leaf = key.replaceAll("\\[\\d+]$", "");
            Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
            throw ConfigException.at(key, text(at(key)), origins.getOrDefault(leaf, "defaults"),
                    expectation(target));
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid configuration: " + oneLine(e.getOriginalMessage()));
        }
    }

    private JsonNode at(String key) {
        JsonNode node = tree;
        for (String part : key.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            node = node == null ? null : node.get(name);
            if (bracket >= 0 && node != null) {
                node = node.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        return node;
    }
}
