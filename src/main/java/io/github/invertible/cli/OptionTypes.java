package io.github.invertible.cli;

import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.NetworkSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;

/**
 * picocli types of the options that name a choice: each converter validates (picocli then prints one line naming
 * the option and exits with code 2) and each choice list feeds {@code ${COMPLETION-CANDIDATES}} in the help.
 */
final class OptionTypes {
    private OptionTypes() {
    }

    /** {@code --arch}: conv, dense, plaincnn. */
    static final class ArchConverter implements ITypeConverter<NetworkSpec.Arch> {
        @Override
        public NetworkSpec.Arch convert(String value) {
            try {
                return NetworkSpec.Arch.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ArchChoices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(NetworkSpec.Arch.values()).map(NetworkSpec.Arch::toString).iterator();
        }
    }

    /** {@code --constraint}: tied, lipschitz:C (C &gt; 0), none. */
    static final class ConstraintConverter implements ITypeConverter<ConstraintMode> {
        @Override
        public ConstraintMode convert(String value) {
            try {
                return ConstraintMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --methods}: the ids of the {@link InverseMethod} registry. */
    static final class MethodConverter implements ITypeConverter<InverseMethod> {
        @Override
        public InverseMethod convert(String value) {
            try {
                return InverseMethod.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class MethodChoices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(InverseMethod.values()).map(InverseMethod::id).iterator();
        }
    }

    /** {@code --dataset}: mnist, fashion-mnist, idx. */
    static final class DatasetConverter implements ITypeConverter<io.github.invertible.data.Datasets.Id> {
        @Override
        public io.github.invertible.data.Datasets.Id convert(String value) {
            try {
                return io.github.invertible.data.Datasets.Id.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DatasetChoices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(io.github.invertible.data.Datasets.Id.values())
                    .map(io.github.invertible.data.Datasets.Id::id).iterator();
        }
    }

    /** {@code --lr-schedule}: linear, exponential, cosine, onecycle. */
    static final class ScheduleConverter implements ITypeConverter<NetworkSpec.Schedule> {
        @Override
        public NetworkSpec.Schedule convert(String value) {
            try {
                return NetworkSpec.Schedule.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ScheduleChoices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(NetworkSpec.Schedule.values()).map(NetworkSpec.Schedule::toString).iterator();
        }
    }

    /** {@code --optimizer}: adam, adamw, nesterov. */
    static final class OptimizerConverter implements ITypeConverter<NetworkSpec.Optimizer> {
        @Override
        public NetworkSpec.Optimizer convert(String value) {
            try {
                return NetworkSpec.Optimizer.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class OptimizerChoices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(NetworkSpec.Optimizer.values()).map(NetworkSpec.Optimizer::toString).iterator();
        }
    }
}
