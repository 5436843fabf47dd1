package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;

/** One level of an order book; its JSON form is Binance's two-string array {@code ["p","q"]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record PriceLevel(BigDecimal price, BigDecimal qty) {}
