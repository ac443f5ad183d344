package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.data.NormalizerParams;
import dev.myelin.loss.Loss;
import dev.myelin.nn.ActivationLayer;
import dev.myelin.nn.Dense;
import dev.myelin.nn.Layer;
import dev.myelin.nn.LayerSpec;
import dev.myelin.nn.Mode;
import dev.myelin.nn.NamedTensor;
import dev.myelin.nn.Parameter;
import dev.myelin.nn.ParameterBlock;
import dev.myelin.nn.Workspace;
import dev.myelin.modelfile.ModelIO;
import dev.myelin.regularization.Regularization;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A network running on one backend.
 *
 * <p>All parameters live in one flat buffer {@code [1, P]} and all gradients in another of the same
 * layout; layers hold views. Blocks that L1/L2 apply to (weights) come first, so that
 * {@link #regularizedParameters()} is one contiguous slice. Initial values are drawn on the host from
 * {@code SplittableRandom(seed)}, one split per layer in order, and uploaded once.
 *
 * <p>Layers are built with their index in a depth-first walk of the spec ({@link LayerSpec#build(Backend, int, int)}),
 * which keys the random streams of stochastic layers. Non-trainable state (batch norm's running
 * estimates) stays in tensors owned by the layers, outside the flat buffers: {@link #stateTensors()}.
 *
 * <p>Thread-safety: {@link #predict} may be called from several threads at once; the calls run one at a time
 * (they share the layers' scratch tensors) and give the same bits as single-threaded calls. Training
 * ({@link dev.myelin.train.Trainer#fit}) holds the model for its whole run: a {@code predict} or an evaluation
 * from another thread meanwhile, or a second trainer, is refused at once with an {@link IllegalStateException}.
 * The low-level {@link #forward}, {@link #backward} and {@link #computeGradients} are not thread-safe: call
 * them from one thread, or inside {@link #exclusive}.
 */
public final class Model implements AutoCloseable {
    private final ModelSpec spec;
    private final Backend backend;
    private final List<Layer> layers;
    private final List<ParameterSlot> slots;
    private final Tensor parameters;
    private final Tensor gradients;
    private final int regularizedCount;
    private final Map<String, ParameterSlot> slotsByName;
    private final Workspace workspace;
    private final Workspace.Slot gradOutput;
    private final Workspace.Slot penalty;
    private final Workspace.Slot lossSum;
    private final Workspace.Slot predictInput;
    private final Workspace.Slot predictOutput;
    private final Tensor regularizedParameters;
    private final Tensor regularizedGradients;
    private Tensor lastOutput;
    private boolean closed;
    private TensorLayout layout;
    private volatile NormalizerParams inputNormalizer;
    private volatile List<String> classNames = List.of();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Thread trainingThread;

    private Model(ModelSpec spec, Backend backend, long seed) {
        spec.checkSize(); // before any layer allocates: a too-wide network is refused with its size, not an int overflow
        this.spec = spec;
        this.backend = backend;
        this.layers = new ArrayList<>();
        int width = spec.inputWidth();
        int index = 0;
        for (LayerSpec layerSpec : spec.layers()) {
            Layer layer = layerSpec.build(backend, width, index);
            index += layerSpec.indexSpan();
            layers.add(layer);
            width = layer.outputWidth();
        }
        Map<String, Parameter> named = new LinkedHashMap<>();
        List<Integer> owners = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Parameter> e : layers.get(i).namedParameters().entrySet()) {
                named.put("layer" + i + "." + e.getKey(), e.getValue());
                owners.add(i);
            }
        }
        List<ParameterSlot> placed = new ArrayList<>();
        Map<String, ParameterSlot> byName = new HashMap<>();
        int offset = 0;
        int regularized = 0;
        for (boolean regularizedPass : new boolean[] {true, false}) {
            for (Map.Entry<String, Parameter> e : named.entrySet()) {
                ParameterBlock block = e.getValue().block();
                if (block.regularized() == regularizedPass) {
                    ParameterSlot slot = new ParameterSlot(e.getKey(), block, offset);
                    placed.add(slot);
                    byName.put(slot.name(), slot);
                    offset += block.size();
                }
            }
            if (regularizedPass) {
                regularized = offset;
            }
        }
        long declared = placed.stream().mapToLong(s -> (long) s.block().rows() * s.block().cols()).sum();
        if (declared != spec.parameterCount()) {
            throw new IllegalStateException("the layers declare " + declared + " parameters but their specs count " + spec.parameterCount()
                    + ": a LayerSpec's parameterCount disagrees with its layer's parameters");
        }
        this.regularizedCount = regularized;
        this.slots = Collections.unmodifiableList(placed);
        this.slotsByName = Collections.unmodifiableMap(byName);
        int total = offset;
        this.parameters = backend.allocate(1, Math.max(total, 1));
        this.gradients = backend.allocate(1, Math.max(total, 1));
        this.workspace = new Workspace(backend);
        this.gradOutput = workspace.slot(spec.outputWidth());
        this.penalty = workspace.slot(1);
        this.lossSum = workspace.slot(1);
        this.predictInput = workspace.slot(spec.inputWidth());
        this.predictOutput = workspace.slot(spec.outputWidth());
        double[] host = new double[Math.max(total, 1)];
        SplittableRandom root = new SplittableRandom(seed);
        List<SplittableRandom> layerRngs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            layerRngs.add(root.split());
        }
        int k = 0;
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            Parameter parameter = e.getValue();
            ParameterBlock block = parameter.block();
            int at = byName.get(e.getKey()).offset();
            parameter.initialize(host, at, layerRngs.get(owners.get(k++)));
            parameter.attach(backend.view(parameters, at, block.rows(), block.cols()), backend.view(gradients, at, block.rows(), block.cols()));
        }
        backend.upload(host, 0, parameters);
        this.regularizedParameters = backend.view(parameters, 0, 1, Math.max(regularizedCount, 1));
        this.regularizedGradients = backend.view(gradients, 0, 1, Math.max(regularizedCount, 1));
    }

    /**
     * Runs {@code work} while holding this model (waiting for other {@link #predict} or {@code exclusive} calls to end).
     *
     * @throws IllegalStateException at once when another thread is training the model
     */
    public <T> T exclusive(Supplier<T> work) {
        Thread trainer = trainingThread;
        if (trainer != null && trainer != Thread.currentThread()) {
            throw busy(trainer);
        }
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes this model for a training run on the calling thread until the returned handle is closed; other threads'
     * predictions and evaluations are refused meanwhile.
     *
     * @throws IllegalStateException when another thread trains, predicts with or evaluates the model
     */
    public Hold beginTraining() {
        Thread trainer = trainingThread;
        if (trainer != null && trainer != Thread.currentThread()) {
            throw busy(trainer);
        }
        if (!lock.tryLock()) {
            throw new IllegalStateException("the model is in use by another thread (predicting or evaluating): a model cannot be trained"
                    + " while it is used; wait for the other use to finish, or train a copy (save and load it)");
        }
        Thread previous = trainingThread;
        trainingThread = Thread.currentThread();
        return () -> {
            trainingThread = previous;
            lock.unlock();
        };
    }

    /** A model held for training by {@link #beginTraining}; {@link #close} lets it go. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private static IllegalStateException busy(Thread trainer) {
        return new IllegalStateException("the model is being trained by thread '" + trainer.getName() + "': predict or evaluate it after"
                + " fit returns, or use a copy (save and load it)");
    }

    /** Builds {@code spec} on {@code backend}, initialising parameters from {@code seed}. */
    public static Model create(ModelSpec spec, Backend backend, long seed) {
        return new Model(spec, backend, seed);
    }

    /**
     * Writes this model to {@code file} (a {@code .myelin} ZIP: manifest, spec, normaliser, class names,
     * parameters and state in safetensors layout), atomically: see {@link ModelIO}.
     *
     * @throws dev.myelin.modelfile.ModelFileException when it cannot be written (the old file, if any, is left as it was)
     */
    public void save(Path file) throws IOException {
        ensureOpen("save");
        ModelIO.save(this, file);
    }

    /**
     * Reads a model written by {@link #save} onto {@code backend} (of either dtype: float32 values widen exactly,
     * float64 values round to nearest on a float32 backend), with its input normaliser and class names.
     *
     * @throws dev.myelin.modelfile.ModelFileException naming the file, the entry and the problem when the file is
     *         missing, corrupt, of a newer format, or inconsistent with itself
     */
    public static Model load(Path file, Backend backend) throws IOException {
        return ModelIO.load(file, backend);
    }

    /** The normaliser {@link #predict} applies to raw features, when one was set (or loaded with the model). */
    public Optional<NormalizerParams> inputNormalizer() {
        return Optional.ofNullable(inputNormalizer);
    }

    /**
     * Sets the normaliser fitted on the training features (or null for none): {@link #predict} then takes raw
     * features and scales them first, and {@link #save} stores it. {@link #forward} and the trainer never apply it.
     */
    public void setInputNormalizer(NormalizerParams normalizer) {
        if (normalizer != null && normalizer.featureCount() != spec.inputWidth()) {
            throw new IllegalArgumentException("the normaliser was fitted on " + normalizer.featureCount() + " features but the model takes "
                    + spec.inputWidth());
        }
        this.inputNormalizer = normalizer;
    }

    /** The class names, index by index (empty when unknown). */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Names the classes of a classifier, one per output (two for a single-output binary classifier); saved with the model.
     */
    public void setClassNames(List<String> names) {
        List<String> copy = List.copyOf(names);
        int expected = spec.outputWidth() == 1 ? 2 : spec.outputWidth();
        if (!copy.isEmpty() && copy.size() != expected) {
            throw new IllegalArgumentException("the model has " + expected + " classes but " + copy.size() + " class names were given: " + copy);
        }
        this.classNames = copy;
    }

    /**
     * The named tensors of this model (parameters and state) with their shapes, as the model file stores them. The
     * layout follows from the spec alone ({@link TensorLayout#of}); the first call checks that the layer tree has
     * exactly those tensors, by name and shape.
     */
    public TensorLayout tensorLayout() {
        if (layout == null) {
            TensorLayout fromSpec = TensorLayout.of(spec);
            checkLayout(fromSpec);
            layout = fromSpec;
        }
        return layout;
    }

    private void checkLayout(TensorLayout fromSpec) {
        Map<String, Tensor> state = new HashMap<>();
        stateTensors().forEach(t -> state.put(t.name(), t.tensor()));
        for (TensorLayout.Entry e : fromSpec.entries()) {
            ParameterSlot slot = slotsByName.get(e.internal());
            Tensor t = state.get(e.internal());
            boolean found = e.trainable() ? slot != null && slot.block().rows() == e.rows() && slot.block().cols() == e.cols()
                    : t != null && t.rows() == e.rows() && t.cols() == e.cols();
            if (!found) {
                throw new IllegalStateException("the spec's tensor " + e.name() + " [" + e.rows() + ", " + e.cols() + "] is not "
                        + (e.trainable() ? "a parameter" : "a state tensor") + " " + e.internal() + " of that shape in the layer tree");
            }
        }
        long trainable = fromSpec.entries().stream().filter(TensorLayout.Entry::trainable).count();
        if (trainable != slots.size() || fromSpec.entries().size() - trainable != state.size()) {
            throw new IllegalStateException("the spec names " + fromSpec.entries().size() + " tensors but the layer tree has " + slots.size()
                    + " parameters and " + state.size() + " state tensors");
        }
    }

    /**
     * A copy of one parameter or state tensor, row-major, by its name in {@link #tensorLayout()} (e.g.
     * {@code layers.0.dense.weight}, {@code [in, units]} row-major).
     */
    public double[] tensor(String name) {
        try (Tensor t = tensorView(name)) {
            double[] values = new double[t.size()];
            backend.download(t, values, 0);
            return values;
        }
    }

    /** Overwrites one parameter or state tensor by name (see {@link #tensor}); {@code values} holds all its elements. */
    public void setTensor(String name, double[] values) {
        try (Tensor t = tensorView(name)) {
            if (values.length != t.size()) {
                throw new IllegalArgumentException(name + " has shape " + t.shape() + " (" + t.size() + " values), got " + values.length + " values");
            }
            backend.upload(values, 0, t);
        }
    }

    private Tensor tensorView(String name) {
        TensorLayout.Entry entry = tensorLayout().find(name);
        if (entry == null) {
            throw new IllegalArgumentException("the model has no tensor '" + name + "'; it has " + tensorLayout().names());
        }
        ParameterSlot slot = slotsByName.get(entry.internal());
        if (slot != null) {
            return backend.view(parameters, slot.offset(), slot.block().rows(), slot.block().cols());
        }
        for (NamedTensor state : stateTensors()) {
            if (state.name().equals(entry.internal())) {
                return backend.view(state.tensor(), 0, state.tensor().rows(), state.tensor().cols());
            }
        }
        throw new IllegalStateException("tensor " + name + " (" + entry.internal() + ") is in the layout but not in the model");
    }

    public ModelSpec spec() {
        return spec;
    }

    public Backend backend() {
        return backend;
    }

    public Loss loss() {
        return spec.loss();
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Where each parameter block lives in the flat buffers. */
    public List<ParameterSlot> parameterSlots() {
        return slots;
    }

    /**
     * Every layer's non-trainable state, named {@code layer<i>.<name>} like {@link ParameterSlot#name()}
     * (e.g. {@code layer2.runningMean}; inside a residual block {@code layer3.0.runningMean}). The tensors
     * are the layers' own: a loader overwrites them with {@link Backend#upload}.
     */
    public List<NamedTensor> stateTensors() {
        List<NamedTensor> state = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (NamedTensor t : layers.get(i).stateTensors()) {
                state.add(t.prefixed("layer" + i + "."));
            }
        }
        return Collections.unmodifiableList(state);
    }

    /** Number of elements of all {@link #stateTensors()} together, S (0 without stateful layers). */
    public int stateSize() {
        return stateTensors().stream().mapToInt(t -> t.tensor().size()).sum();
    }

    /**
     * Copies every state tensor, in {@link #stateTensors()} order, into consecutive elements of {@code flat}
     * ({@code [1, ≥ S]}, this backend's), on the device: with a copy of {@link #parameters()}, a snapshot
     * that {@link #copyStateFrom} restores (e.g. early stopping's best epoch).
     */
    public void copyStateTo(Tensor flat) {
        copyState(flat, true);
    }

    /** Overwrites every state tensor from {@code flat}, the layout of {@link #copyStateTo}. */
    public void copyStateFrom(Tensor flat) {
        copyState(flat, false);
    }

    private void copyState(Tensor flat, boolean toFlat) {
        int size = stateSize();
        if (flat.size() < size) {
            throw new IllegalArgumentException("model state has " + size + " elements, the buffer " + flat.shape() + " only " + flat.size());
        }
        long offset = 0;
        for (NamedTensor state : stateTensors()) {
            Tensor t = state.tensor();
            Tensor slice = backend.view(flat, offset, t.rows(), t.cols());
            if (toFlat) {
                backend.copy(t, slice);
            } else {
                backend.copy(slice, t);
            }
            offset += t.size();
        }
    }

    /** Total number of trainable parameters P. */
    public int parameterCount() {
        return slots.stream().mapToInt(s -> s.block().size()).sum();
    }

    /** The flat parameter buffer {@code [1, P]}. */
    public Tensor parameters() {
        ensureOpen("parameters");
        return parameters;
    }

    /** The flat gradient buffer {@code [1, P]}, same layout as {@link #parameters()}. */
    public Tensor gradients() {
        ensureOpen("gradients");
        return gradients;
    }

    /** Number of leading elements of the flat buffers that are regularised (weights). */
    public int regularizedCount() {
        return regularizedCount;
    }

    public int inputWidth() {
        return spec.inputWidth();
    }

    public int outputWidth() {
        return spec.outputWidth();
    }

    /** Raw output {@code [batch, outputWidth]} (logits for logit losses); owned by the model until the next forward. */
    public Tensor forward(Tensor input, Mode mode) {
        ensureOpen("forward");
        if (input.cols() != spec.inputWidth()) {
            throw new IllegalArgumentException("model expects " + spec.inputWidth() + " features per sample, got input of shape " + input.shape());
        }
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) { // indexed: no iterator object per pass
            Layer layer = layers.get(i);
            if (layer instanceof Dense dense && i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer next) {
                x = dense.forward(x, mode, next); // bias and activation in one pass
                i++;
            } else {
                x = layer.forward(x, mode);
            }
        }
        lastOutput = x;
        return x;
    }

    /** Back-propagates {@code gradOutput} (∂L/∂ raw output) through all layers, overwriting {@link #gradients()}. */
    public void backward(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (layer instanceof ActivationLayer next && i > 0 && layers.get(i - 1) instanceof Dense dense) {
                g = dense.backward(g, i > 1, next); // the pair forward ran: activation gradient and bias gradient in one pass
                i--;
            } else {
                g = layer.backward(g, i > 0);
            }
        }
    }

    /**
     * Forward, loss and backward for one batch: adds the batch's summed per-sample loss into
     * {@code lossSum[0]} (on the device) and leaves ∂(mean loss)/∂θ in {@link #gradients()}.
     * {@code target} is {@code [batch, 1]} class indices for sparse losses, else {@code [batch, outputWidth]}.
     */
    public void computeGradients(Tensor input, Tensor target, Mode mode, Tensor lossSum) {
        Tensor output = forward(input, mode);
        checkTarget(output, target);
        backend.lossForward(spec.loss().spec(), output, target, lossSum);
        addPenalty(output.rows(), lossSum);
        Tensor gradOut = gradOutput.rows(output.rows());
        backend.lossBackward(spec.loss().spec(), output, target, 1.0 / output.rows(), gradOut);
        backward(gradOut);
        addPenaltyGradient(output.rows());
    }

    /** Adds {@code m ×} the L1/L2 penalty to {@code lossSum[0]}, so that the mean over the batch's samples includes it once. */
    private void addPenalty(int m, Tensor lossSum) {
        Regularization r = spec.regularization();
        if (!penalises()) {
            return;
        }
        Tensor penalised = penalisedParameters();
        Tensor scratch = penalty.rows(1);
        if (r.l2() > 0) {
            backend.sumOfSquares(penalised, scratch);
            backend.axpy(m * r.l2PenaltyFactor(m), scratch, lossSum);
        }
        if (r.l1() > 0) {
            backend.sumOfAbs(penalised, scratch);
            backend.axpy(m * r.l1(), scratch, lossSum);
        }
    }

    private void addPenaltyGradient(int m) {
        Regularization r = spec.regularization();
        if (!penalises()) {
            return;
        }
        if (r.l2() > 0) {
            backend.axpy(r.l2GradientFactor(m), penalisedParameters(), penalisedGradients());
        }
        if (r.l1() > 0) {
            backend.addSign(r.l1(), penalisedParameters(), penalisedGradients());
        }
    }

    private boolean penalises() {
        Regularization r = spec.regularization();
        return r.active() && (r.includeBiases() ? parameterCount() : regularizedCount) > 0;
    }

    private Tensor penalisedParameters() {
        return spec.regularization().includeBiases() ? parameters : regularizedParameters;
    }

    private Tensor penalisedGradients() {
        return spec.regularization().includeBiases() ? gradients : regularizedGradients;
    }

    /** Mean loss of one batch, read back to the host (forward only). */
    public double loss(Tensor input, Tensor target, Mode mode) {
        Tensor output = forward(input, mode);
        checkTarget(output, target);
        Tensor sum = lossSum.rows(1);
        backend.fill(sum, 0);
        backend.lossForward(spec.loss().spec(), output, target, sum);
        addPenalty(output.rows(), sum);
        return backend.readScalar(sum, 0) / output.rows();
    }

    private void checkTarget(Tensor output, Tensor target) {
        int expected = spec.loss().sparseTargets() ? 1 : output.cols();
        if (target.rows() != output.rows() || target.cols() != expected) {
            throw new IllegalArgumentException("loss " + spec.loss() + ": targets have shape " + target.shape() + " but the output is "
                    + output.shape() + "; expected targets " + "[" + output.rows() + ", " + expected + "]"
                    + (spec.loss().sparseTargets() ? " (one class index per sample)" : ""));
        }
    }

    /**
     * Predictions for {@code rows} samples in {@code features} (row-major {@code [rows, inputWidth]}):
     * the raw output passed through {@link Loss#outputActivation()} (probabilities for classifiers),
     * row-major {@code [rows, outputWidth]}. When an {@link #inputNormalizer()} is set, {@code features} are raw
     * and are scaled first (on a copy).
     */
    public double[] predict(double[] features, int rows) {
        ensureOpen("predict");
        return exclusive(() -> predictUnlocked(features, rows));
    }

    private double[] predictUnlocked(double[] features, int rows) {
        if (features.length != (long) rows * spec.inputWidth()) {
            throw new IllegalArgumentException("predict: " + features.length + " values are not " + rows + " rows of "
                    + spec.inputWidth() + " features");
        }
        NormalizerParams normalizer = inputNormalizer;
        double[] input = features;
        if (normalizer != null) {
            input = features.clone();
            normalizer.transformInPlace(input);
        }
        Tensor x = predictInput.rows(rows);
        backend.upload(input, 0, x);
        Tensor out = forward(x, Mode.inference());
        var act = spec.loss().outputActivation();
        Tensor p = predictOutput.rows(rows);
        backend.activationForward(act.kind(), act.alpha(), out, p);
        double[] result = new double[rows * outputWidth()];
        backend.download(p, result, 0);
        return result;
    }

    /**
     * Bytes of scratch memory the model and its layers hold for passes (activations, their gradients, prediction
     * buffers): one buffer per scratch tensor, sized for the largest batch seen so far, whatever the batch sizes.
     * Thread-safe to read while the model is idle; not a live figure during another thread's pass.
     */
    public long workspaceBytes() {
        return workspace.bytes() + layers.stream().mapToLong(Layer::workspaceBytes).sum();
    }

    /** Number of scratch buffers behind {@link #workspaceBytes()}: at most one per scratch tensor, whatever the batch sizes. */
    public int workspaceBufferCount() {
        return workspace.bufferCount() + layers.stream().mapToInt(Layer::workspaceBufferCount).sum();
    }

    /** Copies the flat parameters to the host, {@code [P]}. */
    public double[] parametersToHost() {
        ensureOpen("parametersToHost");
        double[] host = new double[parameters.size()];
        backend.download(parameters, host, 0);
        return java.util.Arrays.copyOf(host, parameterCount());
    }

    /** Copies the flat gradients to the host, {@code [P]}. */
    public double[] gradientsToHost() {
        ensureOpen("gradientsToHost");
        double[] host = new double[gradients.size()];
        backend.download(gradients, host, 0);
        return java.util.Arrays.copyOf(host, parameterCount());
    }

    /** Overwrites the flat parameters from the host; {@code values.length} must be P. */
    public void setParameters(double[] values) {
        ensureOpen("setParameters");
        if (values.length != parameterCount()) {
            throw new IllegalArgumentException("setParameters: got " + values.length + " values, the model has " + parameterCount() + " parameters");
        }
        double[] padded = java.util.Arrays.copyOf(values, parameters.size());
        backend.upload(padded, 0, parameters);
    }

    /** Element type of the backend. */
    public DType dtype() {
        return backend.dtype();
    }

    /** A readable summary: layers, parameter count, loss, backend. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("input ").append(spec.inputWidth()).append('\n');
        for (Layer layer : layers) {
            sb.append("  ").append(layer.describe()).append('\n');
        }
        sb.append("loss ").append(spec.loss()).append("; ").append(parameterCount()).append(" parameters on ").append(backend.name());
        return sb.toString();
    }

    /** The raw output of the last {@link #forward} (valid until the next forward), or null. */
    public Tensor forwardOutput() {
        return lastOutput;
    }

    /** Whether {@link #close()} has been called; a closed model refuses every operation that reads or writes its tensors. */
    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + ": this model was closed (its parameters are freed); create or load the model again");
        }
    }

    /** Frees the parameters, gradients and every layer's tensors; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        layers.forEach(Layer::close);
        workspace.close();
        parameters.close();
        gradients.close();
    }
}
