package tunebench.engine.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

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
        TensorEntry e = entry(name);
        ByteBuffer data;
        if (e.dtype() == SafeDtype.BF16) {
            requireBufferable(e, 2 * e.byteSize());
            data = TensorBytes.widenBf16(readBytes(e, false));
        } else {
            requireBufferable(e, e.byteSize());
            data = readNative(e);
        }
        DataType type = SafeDtype.requireDjlSafe(e.dtype().loadedType());
        // On the CPU, DJL wraps a direct buffer without copying and keeps it alive with the
        // array, where it counts against the JVM's direct-memory cap (the heap size by
        // default): a model larger than -Xmx would not load. Copy into memory libtorch owns and
        // free the buffer now, so loading holds one tensor in Java memory at a time.
        try (NDArray wrapped = manager.create(data, e.djlShape(), type)) {
            return wrapped.duplicate();
        } finally {
            TensorBytes.free(data);
        }
    }

    @Override
    public NDArray read(String name, NDManager manager, DataType target) throws IOException {
        SafeDtype.requireDjlSafe(target);
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
        return readBytes(e, false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The tensor's bytes in a direct buffer in native order, ready for DJL. */
    private ByteBuffer readNative(TensorEntry e) throws IOException {
        if (NATIVE_IS_LITTLE_ENDIAN) {
            return readBytes(e, true);
        }
        return TensorBytes.reorder(
                readBytes(e, false),
                ByteOrder.LITTLE_ENDIAN,
                e.dtype().byteSize(),
                ByteOrder.nativeOrder(),
                true);
    }

    /** Positional reads of just this tensor's range into a new little-endian buffer. */
    private ByteBuffer readBytes(TensorEntry e, boolean direct) throws IOException {
        int size = (int) e.byteSize();
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        buf.order(ByteOrder.LITTLE_ENDIAN);
        SafetensorsHeader.readFully(file, channel, buf, header.dataStart() + e.begin());
        return buf.flip();
    }

    /*
     * A Java buffer holds at most 2 GiB and DJL builds an array from exactly one buffer, so a
     * larger tensor cannot be loaded whole; say so rather than fail inside the JDK.
     */
    private void requireBufferable(TensorEntry e, long bytes) throws SafetensorsException {
        if (bytes > TensorBytes.MAX_BUFFER_BYTES) {
            throw SafetensorsHeader.error(file, e.name(), "needs " + bytes
                    + " bytes in memory; one DJL array is limited to 2 GiB (one Java buffer),"
                    + " so tensors this large cannot be read whole");
        }
    }
}
