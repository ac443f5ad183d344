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
 * {@code docker/make-base.sh} (debootstrap and {@code docker import}: no registry is needed), with the
 * host's extra certificate authorities, then runs {@code docker/container-check.sh} inside: {@code myelin
 * train} on the CPU must reach a test accuracy of at least 0.95 on the digits, and the CUDA contract,
 * gradient-parity and command-line suites must pass on the simulator. On a host whose Docker has the
 * {@code nvidia} runtime, the container gets the GPUs and runs {@code docker/gpu-check.sh} (the suites on
 * the real driver) instead. Ryuk is off (no image can be pulled): the test removes its containers itself.
 * Runs only with {@code MYELIN_DOCKER_TEST=true}; then skipped where no Docker engine answers, except under
 * {@code CI=true}, where that is a failure.
 */
class DockerImageTest {

    private static final String BASE = "myelin-base:bookworm";
    private static final String IMAGE = "myelin-test:local";
    private static final Pattern ACCURACY = Pattern.compile("test loss [0-9.]+, test accuracy ([0-9.]+) \\(270 samples\\)");
    private static final Pattern SUMMARY = Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)\\s*$",
            Pattern.MULTILINE);

    private static final Path REPOSITORY = Path.of(System.getProperty("myelin.repository", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("myelin.docker.work", "target/docker-base")).toAbsolutePath();

    @BeforeAll
    static void dockerAnswers() {
        Assumptions.assumeTrue("true".equalsIgnoreCase(System.getenv("MYELIN_DOCKER_TEST")),
                "the image test runs with MYELIN_DOCKER_TEST=true (it builds the whole project inside a container: 15 to 30 minutes)");
        boolean available;
        String why = "";
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
            why = ": " + e.getMessage();
        }
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
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

    @Test
    void theImageBuiltOnTheLocalDebianBaseTrainsOnTheCpuAndPassesTheSimulatedCudaSuites() throws Exception {
        makeBase();
        long start = System.nanoTime();
        String image = new ImageFromDockerfile(IMAGE, false)
                .withFileFromPath(".", REPOSITORY)
                .withDockerfile(REPOSITORY.resolve("docker/Dockerfile"))
                .withBuildArg("BASE", BASE)
                .withBuildArg("EXTRA_CA_CERTS", hostExtraCertificates())
                .get();
        System.out.printf("[myelin-docker] image %s built on %s in %d s%n", image, BASE, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));

        boolean gpu = nvidiaRuntime();
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
        String tail = logs.lines().skip(Math.max(0, logs.lines().count() - 40)).collect(Collectors.joining("\n"));
        assertThat(logs).as(tail).contains(gpu ? "gpu-check: done" : "container-check: done");
        if (gpu) {
            return;
        }
        Matcher accuracy = ACCURACY.matcher(logs);
        assertThat(accuracy.find()).as("myelin train printed a test accuracy: " + tail).isTrue();
        double value = Double.parseDouble(accuracy.group(1));
        System.out.printf("[myelin-docker] myelin train --backend cpu inside the container: test accuracy %.4f%n", value);
        assertThat(value).as("test accuracy of myelin train on the digits").isGreaterThanOrEqualTo(0.95);

        Matcher summary = SUMMARY.matcher(logs);
        int run = 0;
        while (summary.find()) {
            run = Integer.parseInt(summary.group(1));
            assertThat(summary.group(2) + "/" + summary.group(3)).as("failures/errors: " + tail).isEqualTo("0/0");
        }
        System.out.printf("[myelin-docker] simulated CUDA suites inside the container: %d tests%n", run);
        assertThat(run).as("tests the simulated-device suites ran (last summary)").isGreaterThan(20);
    }
}
