package dev.myelin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Info;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Builds {@code docker/Dockerfile} with Testcontainers on a Debian bookworm base made here by
 * {@code docker/make-base.sh} (debootstrap and {@code docker import}: no registry is needed) and runs it.
 *
 * <p>Without a GPU: the {@code prebuilt} target, from what this build's reactor made (the command-line jar, the
 * test classes of the tests and backend-cuda modules and their class path, the CUDA simulator), runs
 * {@code docker/container-check.sh}: {@code myelin train} on the CPU must reach a test accuracy of at least 0.95 on
 * the digits, and the CUDA backend test kit, gradient-parity and command-line suites must pass on the simulator
 * inside the container, as many tests as passed in the host's surefire run of the same classes. On a host whose
 * Docker has the {@code nvidia} runtime: the {@code source} target (Myelin built inside the image), given every GPU,
 * runs {@code docker/gpu-check.sh} (the suites on the real driver) instead.
 *
 * <p>Runs with {@code MYELIN_DOCKER_TEST=true} or {@code CI=true} (so in {@code .ci/run}); then skipped where no
 * Docker engine answers, except under {@code CI=true}, where that is a failure. Ryuk is off (no image can be
 * pulled): the test removes its container itself; the images are kept, so a second run reuses the layer cache.
 */
class DockerImageTest {

    private static final String BASE = "myelin-base:bookworm";
    private static final String IMAGE = "myelin-test:local";
    /** The simulated suites container-check.sh runs, by the module whose surefire reports hold them. */
    private static final String KIT_SUITE = "dev.myelin.cuda.CudaFloat32BackendKitTest";
    private static final String[] TESTS_SUITES = {"dev.myelin.cuda.CudaGradientParityTest",
        "dev.myelin.cuda.CudaCommandLineTest"};
    private static final Pattern ACCURACY = Pattern.compile("test loss [0-9.]+, test accuracy ([0-9.]+) \\(270 samples\\)");

    private static final Path REPOSITORY = Path.of(System.getProperty("myelin.repository", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("myelin.docker.work", "target/docker-base")).toAbsolutePath();
    private static final Path JUNIT_CONSOLE = Path.of(System.getProperty("myelin.junit.console",
            "target/junit-console/junit-platform-console-standalone.jar")).toAbsolutePath();

    private static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @BeforeAll
    static void dockerAnswers() {
        Assumptions.assumeTrue(ci() || "true".equalsIgnoreCase(System.getenv("MYELIN_DOCKER_TEST")),
                "the image test runs with MYELIN_DOCKER_TEST=true or CI=true (it makes a Debian base with debootstrap, "
                        + "builds an image and runs suites in a container: a few minutes)");
        boolean available;
        String why = "";
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
            why = ": " + e.getMessage();
        }
        if (!available && ci()) {
            throw new IllegalStateException("CI=true requires a running Docker engine (.ci/run starts dockerd), but none answers" + why);
        }
        Assumptions.assumeTrue(available, "no Docker engine answers on this machine" + why);
    }

    /** PEM text of the host's extra certificate authorities ({@code /usr/local/share/ca-certificates/**.crt}), or "". */
    private static String hostExtraCertificates() throws IOException {
        Path dir = Path.of("/usr/local/share/ca-certificates");
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> crts = files.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
            StringBuilder pem = new StringBuilder();
            for (Path crt : crts) {
                pem.append(Files.readString(crt, StandardCharsets.US_ASCII).strip()).append('\n');
            }
            return pem.toString();
        }
    }

    private static void makeBase() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", REPOSITORY.resolve("docker/make-base.sh").toString(), WORK.toString(), BASE)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("make-base.sh finished").isTrue();
        assertThat(p.exitValue()).as("make-base.sh: " + out).isZero();
        System.out.print(out);
    }

    private static boolean nvidiaRuntime() {
        Info info = DockerClientFactory.instance().client().infoCmd().exec();
        Map<String, ?> runtimes = info.getRuntimes();
        return runtimes != null && runtimes.containsKey("nvidia");
    }

    /** Builds the image: the source target on a GPU host, else the prebuilt one; prints how long it took. */
    private static String buildImage(boolean gpu) throws IOException {
        long start = System.nanoTime();
        ImageFromDockerfile image = new ImageFromDockerfile(IMAGE, false).withBuildArg("BASE", BASE);
        if (gpu) {
            ImageContext.source(image, REPOSITORY).withBuildArg("EXTRA_CA_CERTS", hostExtraCertificates());
        } else {
            ImageContext.prebuilt(image, REPOSITORY, JUNIT_CONSOLE);
        }
        String name = image.get();
        System.out.printf("[myelin-docker] image %s (target %s) built on %s in %d s%n", name, gpu ? "source" : "prebuilt", BASE,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        return name;
    }

    /** Runs the image's check script to its end; returns its log, also kept in the work folder's container.log. */
    private static String runCheck(String image, boolean gpu) throws IOException {
        long start = System.nanoTime();
        String script = gpu ? "docker/gpu-check.sh" : "docker/container-check.sh";
        String logs;
        try (GenericContainer<?> container = new GenericContainer<>(image).withCommand("bash", script)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(gpu ? 90 : 20)))) {
            if (gpu) {
                container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withRuntime("nvidia")
                        .withDeviceRequests(List.of(new DeviceRequest().withCount(-1).withCapabilities(List.of(List.of("gpu"))))));
            }
            try {
                container.start();
            } finally {
                logs = container.getLogs();
                Files.createDirectories(WORK);
                Files.writeString(WORK.resolve("container.log"), logs);
            }
        }
        System.out.printf("[myelin-docker] %s ran in the container in %d s (log: %s)%n", script,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), WORK.resolve("container.log"));
        return logs;
    }

    private static String tail(String logs) {
        List<String> lines = logs.lines().toList();
        return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
    }

    @Test
    void theImageBuiltOnTheLocalDebianBaseTrainsOnTheCpuAndPassesTheSimulatedCudaSuites() throws Exception {
        makeBase();
        boolean gpu = nvidiaRuntime();
        String logs = runCheck(buildImage(gpu), gpu);
        assertThat(logs).as(tail(logs)).contains(gpu ? "gpu-check: done" : "container-check: done");
        if (gpu) {
            return;
        }
        Matcher accuracy = ACCURACY.matcher(logs);
        assertThat(accuracy.find()).as("myelin train printed a test accuracy: " + tail(logs)).isTrue();
        double value = Double.parseDouble(accuracy.group(1));
        System.out.printf("[myelin-docker] myelin train --backend cpu inside the container: test accuracy %.4f%n", value);
        assertThat(value).as("test accuracy of myelin train on the digits").isGreaterThanOrEqualTo(0.95);

        LauncherSummary suites = LauncherSummary.parse(logs);
        System.out.printf("[myelin-docker] simulated CUDA suites inside the container: %s%n", suites);
        assertThat(suites.failed()).as("failed tests: " + tail(logs)).isZero();
        OptionalInt kit = SurefireCounts.passed(REPOSITORY.resolve("backend-cuda/target/surefire-reports"), KIT_SUITE);
        OptionalInt others = SurefireCounts.passed(REPOSITORY.resolve("tests/target/surefire-reports"), TESTS_SUITES);
        OptionalInt onHost = kit.isPresent() && others.isPresent()
                ? OptionalInt.of(kit.getAsInt() + others.getAsInt()) : OptionalInt.empty();
        if (onHost.isPresent()) {
            assertThat(suites.successful()).as("tests passed in the container, against the host's surefire run of the same classes")
                    .isEqualTo(onHost.getAsInt());
        } else {
            System.out.println("[myelin-docker] no host surefire reports of those suites to compare with (backend-cuda or tests not run)");
            assertThat(suites.successful()).as("tests passed in the container").isGreaterThan(20);
        }
    }
}
