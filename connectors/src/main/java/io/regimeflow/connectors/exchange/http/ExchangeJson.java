package io.regimeflow.connectors.exchange.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketDataValidator;
import java.math.BigDecimal;
import org.apache.flink.annotation.Internal;

/**
 * Field access for Binance's JSON, where prices and quantities are strings: each becomes an exact
 * decimal from its text, and anything missing or of the wrong kind is a MALFORMED answer that
 * names the field, never a default value.
 */
@Internal
public final class ExchangeJson {

    /**
     * The one mapper of the exchange source, shared by every parser and dialect (thread-safe once
     * built): plain reads, decimals taken from their text by the callers.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final String what;

    /** @param what names the answer in messages, e.g. "fundingRate of BTC/USDT" */
    public ExchangeJson(String what) {
        this.what = what;
    }

    public JsonNode parse(String body) throws ExchangeResponseException {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null) {
                throw malformed("empty body", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed("not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    public BigDecimal decimal(JsonNode node, String field) throws ExchangeResponseException {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw malformed("field '" + field + "' is not a decimal string", null);
        }
        return decimal(n.asText(), field);
    }

    public BigDecimal decimal(String text, String field) throws ExchangeResponseException {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw malformed("field '" + field + "' = '" + text + "' is not a decimal", e);
        }
    }

    public long time(JsonNode node, String field) throws ExchangeResponseException {
        JsonNode n = node.get(field);
        if (n == null || !n.isIntegralNumber() || n.asLong() <= 0) {
            throw malformed("field '" + field + "' is not a time in milliseconds", null);
        }
        return n.asLong();
    }

    public String text(JsonNode node, String field) throws ExchangeResponseException {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw malformed("field '" + field + "' is not a string", null);
        }
        return n.asText();
    }

    /** The record, if the model's rules accept it; else a MALFORMED answer naming the rule. */
    public <T extends MarketData> T valid(T data)
            throws ExchangeResponseException {
        String problem = MarketDataValidator.problem(data);
        if (problem != null) {
            throw malformed(problem, null);
        }
        return data;
    }

    /** A time in milliseconds written as a string ({@code "1698768000000"}: Bybit, OKX). */
    public long millisText(JsonNode node, String field) throws ExchangeResponseException {
        String text = text(node, field);
        try {
            long t = Long.parseLong(text);
            if (t > 0) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw malformed("field '" + field + "' = '" + text + "' is not a time in ms", null);
    }

    public ExchangeResponseException malformed(String problem, Throwable cause) {
        return new ExchangeResponseException(ExchangeResponseException.Kind.MALFORMED,
                what + ": " + problem, 200, null, null, cause);
    }
}
