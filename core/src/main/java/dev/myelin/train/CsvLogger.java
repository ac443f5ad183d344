package dev.myelin.train;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch, as Keras' {@code CSVLogger}: {@code epoch} (0-based) and every metric of the epoch
 * ({@code loss}, {@code accuracy}, {@code lr}, {@code val_loss}, … and per-layer monitor metrics when a
 * {@link TrainingMonitor} is registered before this callback). The columns are those of the first epoch; a metric missing
 * later is an empty cell. Each row is flushed as it is written, so the file is readable while training runs. For one
 * {@link Trainer#fit} at a time.
 *
 * <p>Not thread-safe: it holds an open file of one training run; use it on the training thread only.
 */
public final class CsvLogger implements Callback {
    private final Path file;
    private final boolean append;
    private CSVPrinter csv;
    private List<String> columns;

    /** Logs to {@code file}, replacing it at the start of training. */
    public CsvLogger(Path file) {
        this(file, false);
    }

    /** Logs to {@code file}; with {@code append}, adds rows to an existing file (its header is kept, not repeated). */
    public CsvLogger(Path file, boolean append) {
        this.file = file;
        this.append = append;
    }

    @Override
    public void onTrainStart(TrainingContext context) {
        columns = null;
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
        try {
            if (csv == null) {
                boolean existing = append && Files.exists(file) && Files.size(file) > 0;
                columns = new ArrayList<>();
                columns.add("epoch");
                if (existing) {
                    columns = List.of(Files.readAllLines(file, StandardCharsets.UTF_8).get(0).split(",", -1));
                } else {
                    columns.addAll(metrics.keySet());
                }
                CSVFormat format = existing ? CSVFormat.DEFAULT : CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).build();
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                csv = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, existing
                        ? new java.nio.file.OpenOption[] {java.nio.file.StandardOpenOption.APPEND}
                        : new java.nio.file.OpenOption[0]), format);
            }
            List<Object> row = new ArrayList<>();
            for (String column : columns) {
                Double v = column.equals("epoch") ? Double.valueOf(epoch) : metrics.get(column);
                row.add(v == null ? "" : column.equals("epoch") ? String.valueOf(epoch) : String.valueOf(v));
            }
            csv.printRecord(row);
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the epoch log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        if (csv != null) {
            try {
                csv.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the epoch log " + file + ": " + e.getMessage(), e);
            } finally {
                csv = null;
            }
        }
    }
}
