package dev.myelin.testkit;

/**
 * The whole backend test kit: every area, and the PyTorch golden activations and losses. A backend module's test
 * class implements this to run everything on its backend; it may implement single areas instead (a backend that
 * does not offer an area yet, a focused run).
 */
public interface BackendTestKit extends DeviceMemoryKit, BlasReductionKit, ActivationKit, LossKit, NormalisationKit,
        ElementwiseKit, OptimiserStepKit, TrainingBookkeepingKit, ActivationLossGoldenKit {
}
