package dev.myelin.cli.bench;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.data.BatchOrder;
import dev.myelin.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start a benchmark run writes for the PyTorch side: the untrained model and each epoch's batch order. */
class FashionMnistBenchTest {
    @Test
    void theStartHoldsTheUntrainedModelAndTheTrainersOrderOfEveryEpoch(@TempDir Path dir) throws IOException {
        int rows = 1000;
        int epochs = 3;
        long seed = 43;
        try (CpuBackend cpu = new CpuBackend(DType.FLOAT32, new BackendOptions(1));
             Model net = Model.create(FashionMnistBench.spec(FashionMnistBench.Network.BASE, FashionMnistBench.Init.TORCH), cpu, seed)) {
            double[] drawn = values(cpu, net);
            FashionMnistBench.writeStart(dir.resolve("start"), net, rows, epochs, seed);

            try (Model loaded = Model.load(dir.resolve("start/initial.myelin"), cpu)) {
                assertThat(values(cpu, loaded)).containsExactly(drawn);
            }
            ByteBuffer order = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("start/order.bin"))).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(order.remaining()).isEqualTo(rows * epochs * Integer.BYTES);
            for (int e = 0; e < epochs; e++) {
                int[] epoch = new int[rows];
                for (int i = 0; i < rows; i++) {
                    epoch[i] = order.getInt();
                }
                assertThat(epoch).as("epoch %d", e).containsExactly(BatchOrder.shuffled(seed).permutation(rows, e))
                        .containsExactlyInAnyOrder(BatchOrder.sequential().permutation(rows, 0));
            }
        }
    }

    @Test
    void theModelAndInitialiserArgumentsNameTheirConstantsAndABadOneListsTheChoices() {
        FashionMnistBench.Network large = FashionMnistBench.choice(FashionMnistBench.Network.class, "model", "large");
        assertThat(large.batch).isEqualTo(256);
        // 784-2048-2048-2048-10: weights and biases of each dense layer
        long parameters = (784L * 2048 + 2048) + 2 * (2048L * 2048 + 2048) + (2048L * 10 + 10);
        assertThat(FashionMnistBench.spec(large, FashionMnistBench.Init.HE).parameterCount()).isEqualTo(parameters);
        assertThatThrownBy(() -> FashionMnistBench.choice(FashionMnistBench.Init.class, "initialiser", "xavier"))
                .hasMessage("initialiser must be one of [torch, he], got 'xavier'");
    }

    private static double[] values(CpuBackend cpu, Model model) {
        double[] host = new double[model.parameters().size()];
        cpu.download(model.parameters(), host, 0);
        return host;
    }
}
