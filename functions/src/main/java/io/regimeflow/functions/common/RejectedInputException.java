package io.regimeflow.functions.common;

/**
 * Input a calculator refuses (a NaN or non-positive price, a time going backwards). The Flink
 * function around it counts it in the {@code rejectedInputs} metric and logs the message; the
 * state is left as it was, so one bad record never poisons the numbers that follow.
 */
public final class RejectedInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RejectedInputException(String message) {
        super(message);
    }

    /** Throws unless {@code price} is a finite number above zero. */
    public static double requirePrice(String what, double price) {
        if (!(price > 0) || Double.isInfinite(price)) {
            throw new RejectedInputException(what + " " + price + " is not a positive price");
        }
        return price;
    }
}
