package dev.myelin.examples.cli;

import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Synthetic;

import java.util.Locale;

/** The data sets {@code myelin train --data} knows by name. */
enum DataChoice {
    DIGITS, IRIS, MOONS, CIRCLES, SPIRALS, XOR, LINEAR;

    Dataset load(long seed) {
        return switch (this) {
            case DIGITS -> EmbeddedData.digits();
            case IRIS -> EmbeddedData.iris();
            case MOONS -> Synthetic.twoMoons(1000, 0.1, seed);
            case CIRCLES -> Synthetic.circles(1000, 0.05, 0.5, seed);
            case SPIRALS -> Synthetic.spirals(1500, 3, 0.05, seed);
            case XOR -> Synthetic.xor(1000, 0.1, seed);
            case LINEAR -> Synthetic.linear(500, 0.1, seed);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
