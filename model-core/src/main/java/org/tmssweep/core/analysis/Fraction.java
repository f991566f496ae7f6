package org.tmssweep.core.analysis;

/**
 * A fraction a/b in lowest terms and how far a value lies from it.
 *
 * @param numerator   a &ge; 0
 * @param denominator b &ge; 1
 * @param error       value - a/b
 */
public record Fraction(int numerator, int denominator, double error) {

    public double value() {
        return (double) numerator / denominator;
    }

    /** "a/b", e.g. "3/8"; "0" and "1" for the integers. */
    public String label() {
        return denominator == 1 ? Integer.toString(numerator) : numerator + "/" + denominator;
    }
}
