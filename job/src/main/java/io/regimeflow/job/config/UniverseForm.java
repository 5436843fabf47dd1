package io.regimeflow.job.config;

import static io.regimeflow.job.config.ConfigMessages.text;
import static io.regimeflow.job.config.ConfigMessages.unknownKey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * The second form of {@code symbols}: a mapping {@code {universe: {quote, min-quote-volume,
 * refresh}}} instead of a list (see {@link RegimeflowConfig.Universe}). Only a file gives it;
 * an environment variable or a flag for {@code symbols} gives a list, which replaces it.
 */
final class UniverseForm {

    static final String KEY = "symbols";
    static final String UNIVERSE = "symbols.universe";

    private UniverseForm() {}

    /**
     * Whether a file's {@code value} for {@code key} is the universe form: then it is checked
     * ({@link #checkShape}) and its origin noted, and the caller puts it in the tree as it is.
     */
    static boolean takes(String key, JsonNode value, String origin, Map<String, String> origins) {
        if (!key.equals(KEY) || !value.isObject()) {
            return false;
        }
        checkShape(value, origin, origins);
        origins.put(KEY, origin);
        return true;
    }

    /**
     * Binds the whole tree with {@code bindTree}; a universe form of {@code symbols} is bound
     * here and the rest with an empty list of symbols.
     */
    static RegimeflowConfig bindEither(ObjectMapper mapper, ObjectNode tree,
            Map<String, String> origins, Function<ObjectNode, RegimeflowConfig> bindTree) {
        JsonNode symbols = tree.get(KEY);
        if (symbols == null || !symbols.isObject()) {
            return bindTree.apply(tree);
        }
        RegimeflowConfig.Universe universe = bind(mapper, symbols, origins);
        ObjectNode listless = tree.deepCopy();
        listless.set(KEY, JsonNodeFactory.instance.arrayNode());
        return bindTree.apply(listless).withUniverse(universe);
    }

    /**
     * Binds a checked {@code symbols} mapping.
     *
     * @throws ConfigException naming the key whose value has the wrong type
     */
    static RegimeflowConfig.Universe bind(ObjectMapper mapper, JsonNode symbols,
            Map<String, String> origins) {
        JsonNode node = symbols.get("universe");
        try {
            return mapper.treeToValue(node, RegimeflowConfig.Universe.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
            String key = field == null ? UNIVERSE : UNIVERSE + "." + field;
            throw ConfigException.at(key, text(field == null ? node : node.get(field)),
                    origins.getOrDefault(key, origins.getOrDefault(KEY, "defaults")),
                    ConfigMessages.expectation(target));
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid " + UNIVERSE + ": "
                    + ConfigMessages.oneLine(e.getOriginalMessage()));
        }
    }

    /** The keys the form has, for messages naming the expected ones. */
    private static ObjectNode template() {
        ObjectNode universe = JsonNodeFactory.instance.objectNode();
        universe.putNull("quote");
        universe.putNull("min-quote-volume");
        universe.put("refresh", "1h");
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("universe", universe);
        return root;
    }

    /**
     * Checks that a mapping given for {@code symbols} has only the keys of the universe form.
     *
     * @throws ConfigException naming the first unknown key, or a universe that is no mapping
     */
    static void checkShape(JsonNode value, String origin, Map<String, String> origins) {
        ObjectNode template = template();
        Iterator<Map.Entry<String, JsonNode>> top = value.fields();
        if (!top.hasNext()) {
            throw ConfigException.at(KEY, "{}", origin, "a list such as [BTC/USDT, ETH/USDT] "
                    + "or a mapping {universe: {quote: USDT}}");
        }
        while (top.hasNext()) {
            Map.Entry<String, JsonNode> f = top.next();
            if (!f.getKey().equals("universe")) {
                throw unknownKey(KEY + "." + f.getKey(), f.getValue(), origin, template, KEY);
            }
            if (!f.getValue().isObject()) {
                throw ConfigException.at(UNIVERSE, text(f.getValue()), origin,
                        "a mapping with keys quote, min-quote-volume, refresh");
            }
            Iterator<Map.Entry<String, JsonNode>> keys = f.getValue().fields();
            while (keys.hasNext()) {
                Map.Entry<String, JsonNode> k = keys.next();
                String key = UNIVERSE + "." + k.getKey();
                if (!template.get("universe").has(k.getKey())) {
                    throw unknownKey(key, k.getValue(), origin, template.get("universe"),
                            UNIVERSE);
                }
                if (k.getValue().isContainerNode()) {
                    throw ConfigException.at(key, text(k.getValue()), origin, "a single value");
                }
                origins.put(key, origin);
            }
        }
    }
}
