package tunebench.engine.model.safetensors;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The safetensors element types we read and write, with their on-disk names and byte sizes,
 * and the one guard that keeps the types DJL 0.36 cannot handle away from it.
 */
public enum SafeDtype {
    F32(4, DataType.FLOAT32),
    F16(2, DataType.FLOAT16),
    BF16(2, DataType.BFLOAT16),
    I8(1, DataType.INT8),
    U8(1, DataType.UINT8),
    I32(4, DataType.INT32),
    I64(8, DataType.INT64),
    BOOL(1, DataType.BOOLEAN),
    F64(8, DataType.FLOAT64);

    /*
     * Creating, casting to or decoding these aborts the JVM inside libtorch (native terminate,
     * not a Java exception), so nothing may hand them to DJL.
     */
    private static final Set<DataType> FATAL_IN_DJL =
            EnumSet.of(
                    DataType.BFLOAT16,
                    DataType.INT16,
                    DataType.UINT16,
                    DataType.UINT32,
                    DataType.UINT64);

    private final int byteSize;
    private final DataType djlType;

    SafeDtype(int byteSize, DataType djlType) {
        this.byteSize = byteSize;
        this.djlType = djlType;
    }

    /** Bytes per element on disk. */
    public int byteSize() {
        return byteSize;
    }

    /** The DJL type of the same name. For BF16 this is BFLOAT16, which must not reach DJL. */
    public DataType djlType() {
        return djlType;
    }

    /** The DJL type {@link SafetensorsReader#read} produces: BF16 is widened to FLOAT32. */
    public DataType loadedType() {
        return this == BF16 ? DataType.FLOAT32 : djlType;
    }

    /** The on-disk name, e.g. {@code "F32"} (the same as the constant's name). */
    public String fileName() {
        return name();
    }

    /** The dtype for an on-disk name, or null when we do not support it. */
    public static SafeDtype fromFileName(String name) {
        for (SafeDtype t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The dtype that stores a DJL type unchanged; BF16 arrays cannot exist, so never BF16. */
    public static SafeDtype fromDjl(DataType type) {
        requireDjlSafe(type);
        for (SafeDtype t : values()) {
            if (t.djlType == type) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "DJL type " + type + " has no safetensors dtype; supported: " + supportedNames());
    }

    /** Comma-separated on-disk names, for error messages. */
    public static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /**
     * The single guard in front of DJL: throws for a type whose creation or cast would kill
     * the JVM. Call it before every {@code manager.create} or {@code toType} with a type that
     * came from outside.
     */
    public static DataType requireDjlSafe(DataType type) {
        if (type == null || FATAL_IN_DJL.contains(type)) {
            throw new IllegalArgumentException(
                    "data type "
                            + type
                            + " must not reach DJL 0.36 (it aborts the JVM);"
                            + " BF16 is widened to FLOAT32 in Java instead");
        }
        return type;
    }
}
