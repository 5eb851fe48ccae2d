package tunebench.engine.model.safetensors;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor as the header describes it; begin and end are byte offsets relative to the
 * start of the data section (the byte after the header), end exclusive.
 */
public record TensorEntry(String name, SafeDtype dtype, long[] shape, long begin, long end) {

    public TensorEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    /** A copy, so the entry stays immutable. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as DJL wants it. */
    public Shape djlShape() {
        return new Shape(shape);
    }

    public long byteSize() {
        return end - begin;
    }

    public long elementCount() {
        return byteSize() / dtype.byteSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry e
                && name.equals(e.name)
                && dtype == e.dtype
                && Arrays.equals(shape, e.shape)
                && begin == e.begin
                && end == e.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
    }
}
