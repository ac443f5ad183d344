package dev.myelin.examples.cli;

import dev.myelin.data.augment.AdditiveNoise;
import dev.myelin.data.augment.Augmentations;
import dev.myelin.data.augment.ElasticDistortion;
import dev.myelin.data.augment.ImageAugmenter;
import dev.myelin.data.augment.ImageShape;
import dev.myelin.data.augment.RandomRotation;
import dev.myelin.data.augment.RandomShift;
import dev.myelin.data.augment.RandomZoom;

import java.util.Locale;

/** Parses {@code --augment shift:1,rotate:10,zoom:0.9-1.1,elastic:34:4,noise:0.5} into an image augmenter, applied in that order. */
final class AugmentOption {

    private AugmentOption() {
    }

    static ImageAugmenter parse(String text, ImageShape shape) {
        ImageAugmenter.Builder builder = Augmentations.builder(shape);
        for (String item : text.split(",")) {
            String[] p = item.trim().toLowerCase(Locale.ROOT).split(":");
            try {
                switch (p[0]) {
                    case "shift" -> builder.add(new RandomShift(Double.parseDouble(p[1])));
                    case "rotate" -> builder.add(new RandomRotation(Double.parseDouble(p[1])));
                    case "zoom" -> {
                        String[] range = p[1].split("-");
                        builder.add(new RandomZoom(Double.parseDouble(range[0]), Double.parseDouble(range[1])));
                    }
                    case "elastic" -> builder.add(new ElasticDistortion(Double.parseDouble(p[1]), Double.parseDouble(p[2])));
                    case "noise" -> builder.add(new AdditiveNoise(Double.parseDouble(p[1])));
                    default -> throw new IllegalArgumentException("unknown augmentation '" + p[0] + "' in --augment " + text
                            + "; expected shift:PIXELS, rotate:DEGREES, zoom:MIN-MAX, elastic:ALPHA:SIGMA or noise:STD");
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new IllegalArgumentException("--augment item '" + item + "' needs numbers, e.g. shift:1, rotate:10, zoom:0.9-1.1, elastic:34:4, noise:0.5", e);
            }
        }
        return builder.build();
    }
}
