package dev.myelin.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.modelfile.SpecJson;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingState;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One partition's part of a round, run on an executor: opens a backend there (chosen by the {@link DeviceManager}, so
 * a GPU executor trains on CUDA), puts the broadcast parameters, model state and optimiser state into a fresh model,
 * continues the partition's own run where the last round left it for the round's mini-batches, and returns what it
 * reached. The partition trains with the run's seed plus its number (partition 0 with the run's own seed, the same
 * shuffling and dropout as on one machine), for as many of its own epochs as the run's steps need.
 *
 * @param specJson   the model's spec as JSON (a string travels to the executors as it is)
 * @param recipe     makes the run's trainer
 * @param backend    the executors' backend choice: {@code auto}, {@code cpu} or {@code cuda}
 * @param dtype      the model's precision
 * @param threads    CPU threads of the task's backend
 * @param totalSteps optimiser steps of the whole run
 * @param input      the round's broadcast parameters and states
 */
record PartitionTraining(String specJson, TrainerRecipe recipe, String backend, DType dtype, int threads, long totalSteps,
                         Broadcast<RoundInput> input) implements Function2<Integer, Iterator<Dataset>, Iterator<RoundResult>> {

    /** The task of a round of the model of {@code spec}. */
    static PartitionTraining of(ModelSpec spec, TrainerRecipe recipe, String backend, DType dtype, int threads, long totalSteps,
                                Broadcast<RoundInput> input) {
        return new PartitionTraining(SpecJson.write(spec).toString(), recipe, backend, dtype, threads, totalSteps, input);
    }

    @Override
    public Iterator<RoundResult> call(Integer partition, Iterator<Dataset> rows) throws Exception {
        long start = System.nanoTime();
        Dataset data = rows.next();
        if (rows.hasNext()) {
            throw new IllegalStateException("partition " + partition + " holds more than one data set: make the RDD with DataPartitions");
        }
        RoundInput in = input.value();
        Trainer settings = recipe.create().build();
        long seed = settings.seed() + partition;
        int batches = (data.size() + settings.batchSize() - 1) / settings.batchSize();
        int epochs = (int) ((totalSteps + batches - 1) / batches);
        RoundStop stop = new RoundStop(in.steps());
        Trainer trainer = recipe.create().epochs(epochs).seed(seed).callback(stop).build();
        ModelSpec spec = SpecJson.read(new ObjectMapper().readTree(specJson));
        try (Backend device = new DeviceManager().open(backend, dtype, new BackendOptions(threads), message -> { }).backend();
             Model model = Model.create(spec, device, seed)) {
            model.setParameters(in.parameters());
            if (model.stateSize() > 0) {
                try (Tensor state = device.allocate(1, model.stateSize())) {
                    device.upload(in.modelState(), 0, state);
                    model.copyStateFrom(state);
                }
            }
            PartitionPosition at = in.positions().get(partition);
            TrainingState from = at == null ? null : new TrainingState(at.epoch(), at.batch(), at.step(), seed, settings.batchSize(),
                    at.epochSums(), settings.optimizer().describe(), in.optimizerState(), in.optimizerSteps(), new History(), Map.of());
            History history = trainer.fit(model, data, null, from);
            if (history.lossBecameNonFinite()) {
                throw new IllegalStateException("partition " + partition + ": " + history.stopReason().orElse("the loss became non-finite"));
            }
            TrainingState reached = stop.snapshot();
            double[] modelState = new double[model.stateSize()];
            if (modelState.length > 0) {
                try (Tensor state = device.allocate(1, modelState.length)) {
                    model.copyStateTo(state);
                    device.download(state, modelState, 0);
                }
            }
            HashMap<Integer, PartitionPosition> positions = new HashMap<>();
            positions.put(partition, new PartitionPosition(reached.epoch(), reached.batch(), reached.step(), reached.epochSums()));
            return List.of(new RoundResult(1, model.parametersToHost(), modelState, reached.optimizerState(), reached.optimizerSteps(), positions,
                    stop.lossSum(), stop.lossCount(), (System.nanoTime() - start) / 1e9)).iterator();
        }
    }
}
