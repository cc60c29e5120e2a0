package io.latentwatch.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * Evaluates a stack of dense layers in plain Java, without DL4J's per-call cost: the inference
 * engine of the detector. It copies the weights out of a DL4J network once and computes, layer by
 * layer, {@code activation(x W + b)} in single precision, as DL4J does.
 *
 * <p>The weights are kept as DL4J stores them, {@code [nIn][nOut]} row-major, and each input value
 * is multiplied into a whole row of {@code W} ({@code out[j] = fma(x[i], W[i][j], out[j])}): this
 * inner loop is one the JIT compiler vectorises, and an input of exactly zero (most MNIST pixels,
 * and about half of the values after a ReLU) skips its row entirely, which changes no result. The
 * fused multiply-add in input order is how BLAS kernels accumulate a matrix product too, so the
 * engine's rounding stays close to DL4J's: a plain multiply and add doubles the difference.
 *
 * <p>Immutable and thread-safe: every call works in its own arrays, so one engine is shared by all
 * stream threads. Supported: {@code DenseLayer} and {@code OutputLayer} without layer normalisation
 * or input preprocessors, with the activations identity, ReLU, leaky ReLU, tanh and sigmoid; {@link
 * #unsupportedReason(MultiLayerNetwork)} says why another network is not.
 */
public final class DenseEngine {

    private final Dense[] layers;
    private final int inputs;
    private final int outputs;

    private DenseEngine(Dense[] layers) {
        this.layers = layers;
        this.inputs = layers[0].nIn();
        this.outputs = layers[layers.length - 1].nOut();
    }

    /**
     * Copies the weights of {@code network} into a new engine.
     *
     * @throws IllegalArgumentException when the network has a layer or activation the engine does
     *     not evaluate, with the reason
     */
    public static DenseEngine of(MultiLayerNetwork network) {
        Optional<String> reason = unsupportedReason(network);
        if (reason.isPresent()) {
            throw new IllegalArgumentException(reason.get());
        }
        List<Dense> layers = new ArrayList<>();
        for (int i = 0; i < network.getnLayers(); i++) {
            layers.add(Dense.copyOf(network.getLayer(i)));
        }
        return new DenseEngine(layers.toArray(Dense[]::new));
    }

    /** Why the engine cannot evaluate {@code network}, or empty when it can. */
    public static Optional<String> unsupportedReason(MultiLayerNetwork network) {
        if (network.getnLayers() == 0) {
            return Optional.of("the network has no layers");
        }
        for (int i = 0; i < network.getnLayers(); i++) {
            InputPreProcessor pre = network.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) {
                return Optional.of("layer " + i + " has an input preprocessor " + pre);
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = network.getLayer(i).conf().getLayer();
            Optional<String> reason = unsupportedLayer(conf);
            if (reason.isPresent()) {
                return Optional.of("layer " + i + " " + reason.get());
            }
            if (!allFinite(network.getLayer(i).params().data().asFloat())) {
                return Optional.of("layer " + i + " has weights that are not finite");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> unsupportedLayer(org.deeplearning4j.nn.conf.layers.Layer conf) {
        Class<?> type = conf.getClass();
        if (type != DenseLayer.class && type != OutputLayer.class) {
            return Optional.of("is a " + type.getSimpleName() + ", not a dense or output layer");
        }
        if (conf instanceof DenseLayer dense && dense.hasLayerNorm()) {
            return Optional.of("uses layer normalisation");
        }
        if (conf instanceof DenseLayer dense && !dense.hasBias()) {
            return Optional.of("has no bias");
        }
        if (conf instanceof OutputLayer output && !output.hasBias()) {
            return Optional.of("has no bias");
        }
        IActivation activation = ((BaseLayer) conf).getActivationFn();
        return Activation.of(activation) == null
                ? Optional.of("has the unsupported activation " + activation)
                : Optional.empty();
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Width of the input, in features. */
    public int inputs() {
        return inputs;
    }

    /** Width of the output, in features. */
    public int outputs() {
        return outputs;
    }

    /** Multiply-adds of one forward pass when no input is skipped: the sum of nIn x nOut. */
    public long multiplyAdds() {
        long total = 0;
        for (Dense layer : layers) {
            total += (long) layer.nIn() * layer.nOut();
        }
        return total;
    }

    /**
     * The network's output for one already-scaled input row.
     *
     * @param input {@link #inputs()} values; not modified
     * @return a new array of {@link #outputs()} values
     * @throws IllegalArgumentException when {@code input} has the wrong length
     */
    public float[] output(float[] input) {
        if (input.length != inputs) {
            throw new IllegalArgumentException(
                    "Expected " + inputs + " input values, got " + input.length);
        }
        float[] x = input;
        for (Dense layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }

    /** One dense layer: weights {@code [nIn][nOut]} row-major, bias, activation. */
    private record Dense(
            int nIn, int nOut, float[] weights, float[] bias, Activation activation, float alpha) {

        static Dense copyOf(Layer layer) {
            BaseLayer conf = (BaseLayer) layer.conf().getLayer();
            int nIn = (int) layer.getParam("W").size(0);
            int nOut = (int) layer.getParam("W").size(1);
            float[] weights = layer.getParam("W").dup('c').data().asFloat();
            float[] bias = layer.getParam("b").dup('c').data().asFloat();
            IActivation fn = conf.getActivationFn();
            float alpha = fn instanceof ActivationLReLU leaky ? (float) leaky.getAlpha() : 0f;
            return new Dense(nIn, nOut, weights, bias, Activation.of(fn), alpha);
        }

        float[] forward(float[] x) {
            int[] nonZero = new int[nIn];
            int count = 0;
            for (int i = 0; i < nIn; i++) {
                if (x[i] != 0f) {
                    nonZero[count++] = i;
                }
            }
            float[] out = new float[nOut];
            int k = 0;
            for (; k + 3 < count; k += 4) {
                accumulateFour(x, nonZero, k, out);
            }
            for (; k < count; k++) {
                int i = nonZero[k];
                float xi = x[i];
                int row = i * nOut;
                for (int j = 0; j < nOut; j++) {
                    out[j] = Math.fma(xi, weights[row + j], out[j]);
                }
            }
            for (int j = 0; j < nOut; j++) {
                out[j] = activation.apply(out[j] + bias[j], alpha);
            }
            return out;
        }

        /**
         * Adds four inputs' rows at once, in input order, so that {@code out} is loaded and stored
         * once per four rows instead of once per row; the result is the same, bit for bit.
         */
        private void accumulateFour(float[] x, int[] nonZero, int k, float[] out) {
            int i0 = nonZero[k];
            int i1 = nonZero[k + 1];
            int i2 = nonZero[k + 2];
            int i3 = nonZero[k + 3];
            float x0 = x[i0];
            float x1 = x[i1];
            float x2 = x[i2];
            float x3 = x[i3];
            int r0 = i0 * nOut;
            int r1 = i1 * nOut;
            int r2 = i2 * nOut;
            int r3 = i3 * nOut;
            for (int j = 0; j < nOut; j++) {
                float sum = Math.fma(x0, weights[r0 + j], out[j]);
                sum = Math.fma(x1, weights[r1 + j], sum);
                sum = Math.fma(x2, weights[r2 + j], sum);
                out[j] = Math.fma(x3, weights[r3 + j], sum);
            }
        }
    }

    /** The activations the engine evaluates, each as DL4J defines it. */
    private enum Activation {
        IDENTITY,
        RELU,
        LEAKY_RELU,
        TANH,
        SIGMOID;

        /** The engine's activation for a DL4J one, or {@code null} when there is none. */
        static Activation of(IActivation fn) {
            Class<?> type = fn.getClass();
            if (type == ActivationIdentity.class) {
                return IDENTITY;
            }
            if (type == ActivationReLU.class) {
                ActivationReLU relu = (ActivationReLU) fn;
                boolean plain =
                        relu.getMax() == null
                                && isZeroOrNull(relu.getThreshold())
                                && isZeroOrNull(relu.getNegativeSlope());
                return plain ? RELU : null;
            }
            if (type == ActivationLReLU.class) {
                return LEAKY_RELU;
            }
            if (type == ActivationTanH.class) {
                return TANH;
            }
            return type == ActivationSigmoid.class ? SIGMOID : null;
        }

        private static boolean isZeroOrNull(Double value) {
            return value == null || value == 0.0;
        }

        float apply(float v, float alpha) {
            return switch (this) {
                case IDENTITY -> v;
                case RELU -> v > 0f ? v : 0f;
                case LEAKY_RELU -> v < 0f ? alpha * v : v;
                case TANH -> (float) Math.tanh(v);
                case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-v)));
            };
        }
    }
}
