package tunebench.engine.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import tunebench.engine.runtime.HalfPrecision;

/**
 * Reads tensors from one safetensors file on demand. Opening validates the whole header;
 * each read then touches only that tensor's bytes, copied into a fresh direct buffer that the
 * new NDArray owns (a zero-copy array over a read-only mapping crashes DJL on in-place ops).
 */
public final class SafetensorsReader implements TensorStore {

    private static final boolean NATIVE_IS_LITTLE_ENDIAN =
            ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final Path file;
    private final FileChannel channel;
    private final SafetensorsHeader header;
    private final List<String> names;

    private SafetensorsReader(Path file, FileChannel channel, SafetensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.names = List.copyOf(header.entries().keySet());
    }

    /** Opens and validates; throws {@link SafetensorsException} for a malformed header. */
    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new SafetensorsReader(file, channel, SafetensorsHeader.read(file, channel));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public boolean contains(String name) {
        return header.entries().containsKey(name);
    }

    @Override
    public TensorEntry entry(String name) throws SafetensorsException {
        TensorEntry e = header.entries().get(name);
        if (e == null) {
            throw SafetensorsHeader.error(file, name, "is not in this file");
        }
        return e;
    }

    @Override
    public NDArray read(String name, NDManager manager) throws IOException {
        return read(name, manager, CHUNK_BYTES);
    }

    /** Tensors larger than this are read in row blocks, so no Java buffer nears 2 GiB. */
    static final long CHUNK_BYTES = 256L << 20;

    /**
     * Reads one tensor, whole or in blocks of rows (first axis) of at most {@code chunkBytes}
     * each, copied into one array libtorch owns. So a Llama-3 embedding (2.1 GB in float32)
     * loads although a Java buffer holds at most 2 GiB.
     */
    NDArray read(String name, NDManager manager, long chunkBytes) throws IOException {
        return read(name, manager, chunkBytes, entry(name).dtype().loadedType());
    }

    /**
     * As {@link #read(String, NDManager, long)}, arriving as {@code type}: the stored type, or
     * FLOAT32 for BF16, or FLOAT16 for BF16 (narrowed in Java, half the bytes on the device).
     */
    private NDArray read(String name, NDManager manager, long chunkBytes, DataType type)
            throws IOException {
        TensorEntry e = entry(name);
        SafeDtype.requireDjlSafe(type);
        long[] shape = e.shape();
        long loadedBytes = e.elementCount() * type.getNumOfBytes();
        if (loadedBytes <= chunkBytes || shape.length == 0 || shape[0] <= 1) {
            requireBufferable(e, loadedBytes);
            return readRows(e, 0, shape.length == 0 ? 1 : shape[0], manager, type);
        }
        long rowBytes = loadedBytes / shape[0];
        requireBufferable(e, rowBytes);
        long rowsPerChunk = Math.max(1, chunkBytes / rowBytes);
        NDArray out = manager.create(e.djlShape(), type);
        try {
            for (long r = 0; r < shape[0]; r += rowsPerChunk) {
                long n = Math.min(rowsPerChunk, shape[0] - r);
                try (NDArray block = readRows(e, r, n, manager, type)) {
                    out.set(new NDIndex().addSliceDim(r, r + n), block);
                }
            }
            return out;
        } catch (IOException | RuntimeException ex) {
            out.close();
            throw ex;
        }
    }

    /**
     * Rows [first, first + count) of the tensor as a new array. On the CPU, DJL wraps a direct
     * buffer without copying and keeps it alive with the array, where it counts against the
     * JVM's direct-memory cap (the heap size by default): a model larger than -Xmx would not
     * load. So the rows are copied into memory libtorch owns and the buffer is freed now.
     */
    private NDArray readRows(TensorEntry e, long first, long count, NDManager manager,
            DataType type) throws IOException {
        long[] shape = e.shape();
        long rows = shape.length == 0 ? 1 : shape[0];
        long storedRowBytes = e.byteSize() / Math.max(1, rows);
        long offset = e.begin() + first * storedRowBytes;
        int size = (int) (count * storedRowBytes);
        ByteBuffer data;
        if (e.dtype() == SafeDtype.BF16 && type == DataType.FLOAT16) {
            data = HalfPrecision.narrowBf16ToF16(readBytes(offset, size, false));
        } else if (e.dtype() == SafeDtype.BF16) {
            data = TensorBytes.widenBf16(readBytes(offset, size, false));
        } else if (NATIVE_IS_LITTLE_ENDIAN) {
            data = readBytes(offset, size, true);
        } else {
            data = TensorBytes.reorder(readBytes(offset, size, false), ByteOrder.LITTLE_ENDIAN,
                    e.dtype().byteSize(), ByteOrder.nativeOrder(), true);
        }
        long[] blockShape = shape.clone();
        if (blockShape.length > 0) {
            blockShape[0] = count;
        }
        try (NDArray wrapped = manager.create(data, new Shape(blockShape), type)) {
            return wrapped.duplicate();
        } finally {
            TensorBytes.free(data);
        }
    }

    @Override
    public NDArray read(String name, NDManager manager, DataType target) throws IOException {
        SafeDtype.requireDjlSafe(target);
        if (target == DataType.FLOAT16 && entry(name).dtype() == SafeDtype.BF16) {
            // BF16 to FP16 in one rounding, as torch's .half() of the widened value, without
            // an FP32 copy on the device (HalfPrecision).
            return read(name, manager, CHUNK_BYTES, DataType.FLOAT16);
        }
        NDArray loaded = read(name, manager);
        if (loaded.getDataType() == target) {
            return loaded;
        }
        // BF16 has already been widened to FLOAT32 in Java, so DJL only ever casts safe types.
        try (loaded) {
            return loaded.toType(target, false);
        }
    }

    @Override
    public ByteBuffer readRaw(String name) throws IOException {
        TensorEntry e = entry(name);
        requireBufferable(e, e.byteSize());
        return readBytes(e.begin(), (int) e.byteSize(), false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Positional reads of a byte range of the data section into a new little-endian buffer. */
    private ByteBuffer readBytes(long offset, int size, boolean direct) throws IOException {
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        buf.order(ByteOrder.LITTLE_ENDIAN);
        SafetensorsHeader.readFully(file, channel, buf, header.dataStart() + offset);
        return buf.flip();
    }

    /*
     * A Java buffer holds at most 2 GiB and DJL builds an array from exactly one buffer, so a
     * larger piece cannot be loaded; say so rather than fail inside the JDK.
     */
    private void requireBufferable(TensorEntry e, long bytes) throws SafetensorsException {
        if (bytes > TensorBytes.MAX_BUFFER_BYTES) {
            throw SafetensorsHeader.error(file, e.name(), "needs " + bytes
                    + " bytes in memory; one DJL array is limited to 2 GiB (one Java buffer),"
                    + " so tensors this large cannot be read whole");
        }
    }
}
