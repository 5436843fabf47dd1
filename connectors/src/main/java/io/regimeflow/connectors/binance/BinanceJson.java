package io.regimeflow.connectors.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;

/**
 * Field access for Binance's JSON, where prices and quantities are strings: each becomes an exact
 * decimal from its text, and anything missing or of the wrong kind is a MALFORMED answer that
 * names the field, never a default value.
 */
final class BinanceJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String what;

    /** @param what names the answer in messages, e.g. "fundingRate of BTC/USDT" */
    BinanceJson(String what) {
        this.what = what;
    }

    JsonNode parse(String body) throws BinanceResponseException {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) {
                throw malformed("empty body", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed("not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    BigDecimal decimal(JsonNode node, String field) throws BinanceResponseException {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw malformed("field '" + field + "' is not a decimal string", null);
        }
        return decimal(n.asText(), field);
    }

    BigDecimal decimal(String text, String field) throws BinanceResponseException {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw malformed("field '" + field + "' = '" + text + "' is not a decimal", e);
        }
    }

    long time(JsonNode node, String field) throws BinanceResponseException {
        JsonNode n = node.get(field);
        if (n == null || !n.isIntegralNumber() || n.asLong() <= 0) {
            throw malformed("field '" + field + "' is not a time in milliseconds", null);
        }
        return n.asLong();
    }

    String text(JsonNode node, String field) throws BinanceResponseException {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw malformed("field '" + field + "' is not a string", null);
        }
        return n.asText();
    }

    /** The record, if the model's rules accept it; else a MALFORMED answer naming the rule. */
    <T extends io.regimeflow.model.MarketData> T valid(T data) throws BinanceResponseException {
        String problem = io.regimeflow.model.MarketDataValidator.problem(data);
        if (problem != null) {
            throw malformed(problem, null);
        }
        return data;
    }

    BinanceResponseException malformed(String problem, Throwable cause) {
        return new BinanceResponseException(BinanceResponseException.Kind.MALFORMED,
                what + ": " + problem, 200, null, null, cause);
    }
}
