package io.github.invertible.model;

import org.deeplearning4j.nn.conf.inputs.InputType;

/** Input-type checks shared by the custom layers. */
final class LayerInputs {
    private LayerInputs() {
    }

    /** The input type as convolutional, or a clear error naming the layer. */
    static InputType.InputTypeConvolutional requireConvolutional(String layerKind, String layerName, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional)) {
            throw new IllegalStateException(layerKind + " '" + layerName + "' needs convolutional input, got " + inputType);
        }
        return (InputType.InputTypeConvolutional) inputType;
    }
}
