package dev.myelin.cli;

import dev.myelin.data.augment.AdditiveNoise;
import dev.myelin.data.augment.Augmentations;
import dev.myelin.data.augment.ElasticDistortion;
import dev.myelin.data.augment.ImageAugmenter;
import dev.myelin.data.augment.ImageShape;
import dev.myelin.data.augment.ImageTransform;
import dev.myelin.data.augment.RandomRotation;
import dev.myelin.data.augment.RandomShift;
import dev.myelin.data.augment.RandomZoom;
import dev.myelin.util.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The value of {@code --augment}: {@code shift:1,rotate:10,zoom:0.9-1.1,elastic:34:4,noise:0.5}, image transformations
 * applied in that order. Immutable (the transformations hold only their settings).
 *
 * @param text       the value as written, for messages
 * @param transforms the transformations, in order
 */
record ImageAugmentation(String text, List<ImageTransform> transforms) {

    /** The augmentations by name, each from its item's numbers. */
    private static final Map<String, Function<OptionSpec, ImageTransform>> AUGMENTATIONS = new LinkedHashMap<>();

    static {
        AUGMENTATIONS.put("shift", item -> new RandomShift(item.number(0, "shift:PIXELS")));
        AUGMENTATIONS.put("rotate", item -> new RandomRotation(item.number(0, "rotate:DEGREES")));
        AUGMENTATIONS.put("zoom", ImageAugmentation::zoom);
        AUGMENTATIONS.put("elastic", item -> new ElasticDistortion(item.number(0, "elastic:ALPHA:SIGMA"), item.number(1, "elastic:ALPHA:SIGMA")));
        AUGMENTATIONS.put("noise", item -> new AdditiveNoise(item.number(0, "noise:STD")));
    }

    ImageAugmentation {
        transforms = List.copyOf(transforms);
    }

    /** The transformations {@code text} names; an empty text, an unknown name or a bad number is an {@link IllegalArgumentException}. */
    static ImageAugmentation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--augment is empty: give augmentations such as shift:1,rotate:10, or leave the option out");
        }
        List<ImageTransform> transforms = new ArrayList<>();
        for (OptionSpec item : OptionSpec.list("--augment", text, "augmentation")) {
            transforms.add(item.build("augmentation", AUGMENTATIONS));
        }
        return new ImageAugmentation(text, transforms);
    }

    /** The augmenter applying the transformations to images of {@code shape}. */
    ImageAugmenter augmenter(ImageShape shape) {
        return Augmentations.compose(shape, transforms.toArray(ImageTransform[]::new));
    }

    /** {@code zoom:MIN-MAX}: one argument holding the range. */
    private static ImageTransform zoom(OptionSpec item) {
        String form = "zoom:MIN-MAX, e.g. zoom:0.9-1.1";
        String[] range = item.positional().isEmpty() ? new String[0] : item.positional().get(0).split("-", -1);
        if (range.length != 2) {
            throw new IllegalArgumentException(item.where() + ": '" + item.text() + "' needs a range, written " + form);
        }
        OptionSpec bounds = item.withPositional(List.of(range));
        return new RandomZoom(bounds.number(0, form), bounds.number(1, form));
    }

    /** The converter of {@code --augment}. */
    static final class Converter extends OptionLanguage<ImageAugmentation> {
        Converter() {
            super(ImageAugmentation::parse);
        }
    }
}
