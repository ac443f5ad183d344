package dev.myelin.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CsvLoggerTest {

    private static Map<String, Double> metrics(double loss, Double valLoss) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("lr", 0.1);
        if (valLoss != null) {
            m.put("val_loss", valLoss);
        }
        return m;
    }

    @Test
    void writesOneRowPerEpochWithTheFirstEpochsColumns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log/epochs.csv");
        CsvLogger logger = new CsvLogger(file);
        logger.onTrainStart(null);
        logger.onEpochEnd(null, 0, metrics(2.5, 2.75));
        assertThat(Files.readAllLines(file)).containsExactly("epoch,loss,lr,val_loss", "0,2.5,0.1,2.75");   // flushed per epoch
        logger.onEpochEnd(null, 1, metrics(1.25, null));
        logger.onTrainEnd(null, new History());
        assertThat(Files.readAllLines(file)).containsExactly("epoch,loss,lr,val_loss", "0,2.5,0.1,2.75", "1,1.25,0.1,");

        CsvLogger again = new CsvLogger(file, true);
        again.onTrainStart(null);
        again.onEpochEnd(null, 2, metrics(1.0, 1.5));
        again.onTrainEnd(null, new History());
        assertThat(Files.readAllLines(file)).hasSize(4).endsWith("2,1.0,0.1,1.5");
        assertThat(List.of(Files.readAllLines(file).get(0))).containsExactly("epoch,loss,lr,val_loss");
    }
}
