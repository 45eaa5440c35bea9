package io.github.invertible.cli;

import io.github.invertible.data.Datasets;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.NetworkSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * picocli types of the options that name a choice: each converter validates (picocli then prints one line naming
 * the option and exits with code 2) and each choice list feeds {@code ${COMPLETION-CANDIDATES}} in the help.
 * picocli instantiates converters and choice lists from the class named in {@code @Option}, so each option keeps a
 * one-line subclass of the generic {@link Parsed} and {@link Choices}.
 */
final class OptionTypes {
    private OptionTypes() {
    }

    /**
     * A choice parsed by the type's own {@code parse}: its {@link IllegalArgumentException} message becomes picocli's
     * one-line error.
     */
    abstract static class Parsed<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Parsed(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public final T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The names of every value of a choice, in declaration order. */
    abstract static class Choices<T> implements Iterable<String> {
        private final List<String> names;

        Choices(T[] values, Function<T, String> name) {
            this.names = Arrays.stream(values).map(name).toList();
        }

        @Override
        public final Iterator<String> iterator() {
            return names.iterator();
        }
    }

    /** {@code --arch}: conv, dense, plaincnn. */
    static final class ArchConverter extends Parsed<NetworkSpec.Arch> {
        ArchConverter() {
            super(NetworkSpec.Arch::parse);
        }
    }

    static final class ArchChoices extends Choices<NetworkSpec.Arch> {
        ArchChoices() {
            super(NetworkSpec.Arch.values(), NetworkSpec.Arch::toString);
        }
    }

    /** {@code --constraint}: tied, lipschitz:C (C &gt; 0), none. */
    static final class ConstraintConverter extends Parsed<ConstraintMode> {
        ConstraintConverter() {
            super(ConstraintMode::parse);
        }
    }

    /** {@code --methods}: the ids of the {@link InverseMethod} registry. */
    static final class MethodConverter extends Parsed<InverseMethod> {
        MethodConverter() {
            super(InverseMethod::fromId);
        }
    }

    static final class MethodChoices extends Choices<InverseMethod> {
        MethodChoices() {
            super(InverseMethod.values(), InverseMethod::id);
        }
    }

    /** {@code --dataset}: mnist, fashion-mnist, idx. */
    static final class DatasetConverter extends Parsed<Datasets.Id> {
        DatasetConverter() {
            super(Datasets.Id::parse);
        }
    }

    static final class DatasetChoices extends Choices<Datasets.Id> {
        DatasetChoices() {
            super(Datasets.Id.values(), Datasets.Id::id);
        }
    }

    /** {@code --lr-schedule}: linear, exponential, cosine, onecycle. */
    static final class ScheduleConverter extends Parsed<NetworkSpec.Schedule> {
        ScheduleConverter() {
            super(NetworkSpec.Schedule::parse);
        }
    }

    static final class ScheduleChoices extends Choices<NetworkSpec.Schedule> {
        ScheduleChoices() {
            super(NetworkSpec.Schedule.values(), NetworkSpec.Schedule::toString);
        }
    }

    /** {@code --optimizer}: adam, adamw, nesterov. */
    static final class OptimizerConverter extends Parsed<NetworkSpec.Optimizer> {
        OptimizerConverter() {
            super(NetworkSpec.Optimizer::parse);
        }
    }

    static final class OptimizerChoices extends Choices<NetworkSpec.Optimizer> {
        OptimizerChoices() {
            super(NetworkSpec.Optimizer.values(), NetworkSpec.Optimizer::toString);
        }
    }

    /**
     * {@code --model}, the same in invert and benchmark: a zip file (any path, or a value ending in .zip), or a
     * model NAME standing for {@code model/NAME.zip}.
     */
    static final class ModelConverter implements ITypeConverter<java.nio.file.Path> {
        @Override
        public java.nio.file.Path convert(String value) {
            return asZip(value, java.nio.file.Path.of("model"));
        }

        static java.nio.file.Path asZip(String value, java.nio.file.Path modelDir) {
            boolean path = value.endsWith(".zip") || value.contains("/") || value.contains(java.io.File.separator);
            return path ? java.nio.file.Path.of(value) : modelDir.resolve(value + ".zip");
        }
    }
}
