package tunebench.engine.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One tensor to be written: its header fields now, its bytes later. The writer calls
 * {@code bytes} only when it reaches this tensor, so a whole model never sits in memory at
 * once. The supplied buffer holds exactly the tensor's bytes, little-endian (file order).
 */
public record TensorSource(String name, SafeDtype dtype, long[] shape, Supplier<ByteBuffer> bytes) {

    public TensorSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(bytes, "bytes");
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "tensor \"" + name + "\" has a negative dimension in " + Arrays.toString(shape));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Bytes this tensor takes in the file. */
    public long byteSize() {
        long n = dtype.byteSize();
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes already in file layout (little-endian), e.g. from {@link TensorStore#readRaw}. */
    public static TensorSource raw(String name, SafeDtype dtype, long[] shape, ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        return new TensorSource(name, dtype, shape, data::duplicate);
    }

    /**
     * An array written in its own type (FLOAT32, FLOAT16, FLOAT64, INT8, UINT8, INT32, INT64,
     * BOOLEAN). The array is read when the writer gets to it, so keep it open until then.
     */
    public static TensorSource of(String name, NDArray array) {
        SafeDtype dtype = SafeDtype.fromDjl(array.getDataType());
        return new TensorSource(name, dtype, array.getShape().getShape(),
                () -> fileOrder(array.toByteBuffer(), dtype));
    }

    /**
     * An array written as {@code target}, e.g. FLOAT32 narrowed to BF16 or F16. BF16 is
     * produced in Java (round-to-nearest-even); other casts are DJL's, on a temporary copy.
     */
    public static TensorSource of(String name, NDArray array, SafeDtype target) {
        if (target == SafeDtype.fromDjl(array.getDataType())) {
            return of(name, array);
        }
        long[] shape = array.getShape().getShape();
        if (target == SafeDtype.BF16) {
            return new TensorSource(name, target, shape, () -> {
                if (array.getDataType() == DataType.FLOAT32) {
                    return TensorBytes.narrowToBf16(array.toByteBuffer());
                }
                try (NDArray f32 = array.toType(DataType.FLOAT32, false)) {
                    return TensorBytes.narrowToBf16(f32.toByteBuffer());
                }
            });
        }
        return new TensorSource(name, target, shape, () -> {
            try (NDArray cast = array.toType(target.djlType(), false)) {
                return fileOrder(cast.toByteBuffer(), target);
            }
        });
    }

    /** DJL hands out native-order bytes; the file wants little-endian. */
    private static ByteBuffer fileOrder(ByteBuffer data, SafeDtype dtype) {
        if (data.order() == ByteOrder.LITTLE_ENDIAN) {
            return data;
        }
        return TensorBytes.reorder(
                data, data.order(), dtype.byteSize(), ByteOrder.LITTLE_ENDIAN, false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSource t
                && name.equals(t.name)
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && bytes.equals(t.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), bytes);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
