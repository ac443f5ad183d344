package dev.myelin.cli;

import dev.myelin.data.augment.AdditiveNoise;
import dev.myelin.data.augment.Augmentations;
import dev.myelin.data.augment.ElasticDistortion;
import dev.myelin.data.augment.ImageAugmenter;
import dev.myelin.data.augment.ImageShape;
import dev.myelin.data.augment.RandomRotation;
import dev.myelin.data.augment.RandomShift;
import dev.myelin.data.augment.RandomZoom;
import dev.myelin.data.augment.ImageTransform;
import dev.myelin.util.OptionSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Reads {@code --augment shift:1,rotate:10,zoom:0.9-1.1,elastic:34:4,noise:0.5} into an image augmenter, applied in that order. */
final class AugmentOption {

    /** The augmentations by name, each from its item's numbers. */
    private static final Map<String, Function<OptionSpec, ImageTransform>> AUGMENTATIONS = new LinkedHashMap<>();

    static {
        AUGMENTATIONS.put("shift", item -> new RandomShift(item.number(0, "shift:PIXELS")));
        AUGMENTATIONS.put("rotate", item -> new RandomRotation(item.number(0, "rotate:DEGREES")));
        AUGMENTATIONS.put("zoom", AugmentOption::zoom);
        AUGMENTATIONS.put("elastic", item -> new ElasticDistortion(item.number(0, "elastic:ALPHA:SIGMA"), item.number(1, "elastic:ALPHA:SIGMA")));
        AUGMENTATIONS.put("noise", item -> new AdditiveNoise(item.number(0, "noise:STD")));
    }

    private AugmentOption() {
    }

    static ImageAugmenter parse(String text, ImageShape shape) {
        ImageAugmenter.Builder builder = Augmentations.builder(shape);
        for (OptionSpec item : OptionSpec.list("--augment", text, "augmentation")) {
            builder.add(item.build("augmentation", AUGMENTATIONS));
        }
        return builder.build();
    }

    /** {@code zoom:MIN-MAX}: one argument holding the range. */
    private static ImageTransform zoom(OptionSpec item) {
        String form = "zoom:MIN-MAX, e.g. zoom:0.9-1.1";
        String[] range = item.positional().isEmpty() ? new String[0] : item.positional().get(0).split("-", -1);
        if (range.length != 2) {
            throw new IllegalArgumentException(item.where() + ": '" + item.text() + "' needs a range, written " + form);
        }
        OptionSpec bounds = item.withPositional(java.util.List.of(range));
        return new RandomZoom(bounds.number(0, form), bounds.number(1, form));
    }
}
