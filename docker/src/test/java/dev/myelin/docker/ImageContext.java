package dev.myelin.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The build contexts of {@code docker/Dockerfile}'s two targets, as files added to a Testcontainers
 * {@link ImageFromDockerfile} under their paths in the repository (so the image's {@code /myelin} has the
 * repository's layout). Not thread-safe.
 */
final class ImageContext {

    /** The Dockerfile's path in the repository; each context also has it as {@code Dockerfile}, the name a build reads. */
    static final String DOCKERFILE = "docker/Dockerfile";

    private ImageContext() {}

    /**
     * What the {@code prebuilt} target needs, all made by the host's {@code mvn -B verify}: the {@code myelin} script
     * and its jar, the test classes of the tests and backend-cuda modules, the tests module's class path as jars
     * ({@code tests/target/test-lib}) and the CUDA simulator ({@code cuda-simulator/target/sim}: its libraries,
     * kernel libraries, PTX and programs; not its objects,
     * counters or sanitised variants), the JUnit console launcher and {@code container-check.sh}.
     *
     * @param image the image to add the files to
     * @param repository the repository's root
     * @param junitConsole the console launcher's standalone jar
     * @return the image to build, with every file added
     * @throws IllegalStateException naming the first missing output and how to make it
     */
    static ImageFromDockerfile prebuilt(ImageFromDockerfile image, Path repository, Path junitConsole) {
        List<String> parts = List.of("myelin", "docker/container-check.sh", "cli/target/myelin.jar",
                "tests/target/test-classes", "backend-cuda/target/test-classes", "tests/target/test-lib",
                "cuda-simulator/target/sim/lib", "cuda-simulator/target/sim/kernels", "cuda-simulator/target/sim/ptx",
                "cuda-simulator/target/sim/bin");
        for (String part : parts) {
            Path file = repository.resolve(part);
            if (!Files.exists(file)) {
                throw new IllegalStateException("the image's context needs " + file + ", which the tests, backend-cuda, "
                        + "cuda-simulator and cli modules make when packaged: run mvn -B verify (or mvn -B verify -pl docker -am)");
            }
            image.withFileFromPath(part, file);
        }
        Path unavailable = repository.resolve("cuda-simulator/target/sim/UNAVAILABLE");
        if (Files.exists(unavailable)) {
            throw new IllegalStateException("the CUDA simulator was not built on this host: " + read(unavailable));
        }
        if (!Files.isRegularFile(junitConsole)) {
            throw new IllegalStateException("no JUnit console launcher at " + junitConsole + " (the docker module's "
                    + "generate-test-resources phase copies it)");
        }
        return image.withFileFromPath("docker/junit-platform-console-standalone.jar", junitConsole)
                .withFileFromPath("Dockerfile", repository.resolve(DOCKERFILE)).withTarget("prebuilt");
    }

    /**
     * The {@code source} target's context: every file of the repository except build outputs ({@code target/}
     * folders), {@code .git} and editor or lock files, as {@code .dockerignore} and {@code .gitignore} keep them
     * out of a {@code docker build} of the repository.
     *
     * @param image the image to add the files to
     * @param repository the repository's root
     * @return the image to build, with every file added
     */
    static ImageFromDockerfile source(ImageFromDockerfile image, Path repository) {
        for (Path file : sourceFiles(repository)) {
            image.withFileFromPath(repository.relativize(file).toString(), file);
        }
        return image.withFileFromPath("Dockerfile", repository.resolve(DOCKERFILE)).withTarget("source");
    }

    private static List<Path> sourceFiles(Path repository) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repository)) {
            walk.filter(Files::isRegularFile).filter(f -> kept(repository.relativize(f))).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean kept(Path relative) {
        for (Path name : relative) {
            String n = name.toString();
            if (n.equals("target") || n.equals(".git") || n.equals(".idea") || n.equals("__pycache__")) {
                return false;
            }
        }
        return !relative.getFileName().toString().equals(".myelin-build.lock");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
