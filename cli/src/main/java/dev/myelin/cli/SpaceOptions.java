package dev.myelin.cli;

import dev.myelin.tune.Param;
import dev.myelin.tune.SearchSpace;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code myelin search} varies ({@code @Mixin}): a space file, {@code --space}, and settings added to it, {@code --param}. */
final class SpaceOptions {

    @Option(names = "--space", paramLabel = "FILE", description = "The search space as JSON or YAML: {\"lr\": {\"float\": [1e-4, 0.1], \"log\": true}, \"hidden\": [\"64:relu\", \"128:relu\"], \"batch-size\": {\"int\": [16, 128], \"log\": true}}.")
    Path file;

    @Option(names = "--param", paramLabel = "NAME=VALUES", converter = ParamOption.Converter.class, description = "A setting to search, added to --space: name=a|b|c, name=LOW..HIGH, name=int:LOW..HIGH, with :log for a log scale (repeatable).")
    List<Param> params = new ArrayList<>();

    /** The settings of the file, then those of every {@code --param}; an error when there are none. */
    SearchSpace space() {
        List<Param> all = new ArrayList<>();
        if (file != null) {
            all.addAll(SearchSpace.read(file).params());
        }
        all.addAll(params);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("nothing to search: give --space FILE or at least one --param, e.g. --param lr=1e-3..0.3:log");
        }
        return new SearchSpace(all);
    }
}
