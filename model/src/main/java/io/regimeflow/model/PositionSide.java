package io.regimeflow.model;

/** The side of a position: long profits when price rises, short when it falls. */
public enum PositionSide {
    LONG,
    SHORT
}
