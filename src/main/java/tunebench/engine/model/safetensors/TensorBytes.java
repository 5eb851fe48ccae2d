package tunebench.engine.model.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;

/**
 * Byte-level conversions between the file (always little-endian) and DJL (native order),
 * and the BF16 widening and narrowing that keep BF16 out of DJL entirely.
 */
public final class TensorBytes {

    /** A Java buffer, direct or not, holds at most this many bytes. */
    public static final long MAX_BUFFER_BYTES = Integer.MAX_VALUE;

    private TensorBytes() {}

    /** The FLOAT32 bits that a BF16 value stands for: BF16 is the top half of an F32. */
    public static int bf16ToF32Bits(short bf16) {
        return (bf16 & 0xFFFF) << 16;
    }

    /**
     * FLOAT32 bits narrowed to BF16 with round-to-nearest-even, as torch does. NaN is kept
     * apart because the rounding add could carry it into infinity: its sign and top mantissa
     * bits are kept, and the quiet bit is set only when those bits alone would read as
     * infinity. So every BF16 pattern, NaNs included, survives widen-then-narrow unchanged.
     */
    public static short f32BitsToBf16(int f32) {
        if ((f32 & 0x7FFFFFFF) > 0x7F800000) {
            int top = f32 >>> 16;
            return (short) ((top & 0x7F) == 0 ? top | 0x40 : top);
        }
        int lsb = (f32 >>> 16) & 1;
        return (short) ((f32 + 0x7FFF + lsb) >>> 16);
    }

    /** BF16 little-endian bytes widened to FLOAT32 in a new direct buffer in native order. */
    public static ByteBuffer widenBf16(ByteBuffer bf16LittleEndian) {
        ShortBuffer src = bf16LittleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int n = src.remaining();
        ByteBuffer out = allocateDirect(4L * n, "BF16 widened to FLOAT32");
        IntBuffer dst = out.asIntBuffer();
        for (int i = 0; i < n; i++) {
            dst.put(i, bf16ToF32Bits(src.get(i)));
        }
        return out;
    }

    /** FLOAT32 bytes (in the buffer's own order) narrowed to BF16 little-endian bytes. */
    public static ByteBuffer narrowToBf16(ByteBuffer f32) {
        IntBuffer src = f32.duplicate().order(f32.order()).asIntBuffer();
        int n = src.remaining();
        ByteBuffer out = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        ShortBuffer dst = out.asShortBuffer();
        for (int i = 0; i < n; i++) {
            dst.put(i, f32BitsToBf16(src.get(i)));
        }
        return out;
    }

    /**
     * A copy of {@code src}'s remaining bytes in byte order {@code to}, swapping each element
     * of {@code elementSize} bytes when the orders differ. On little-endian machines (all we
     * ship for) file and native order agree and this is a plain bulk copy.
     */
    public static ByteBuffer reorder(
            ByteBuffer src, ByteOrder from, int elementSize, ByteOrder to, boolean direct) {
        ByteBuffer in = src.duplicate().order(from);
        ByteBuffer out =
                direct
                        ? allocateDirect(in.remaining(), "tensor copy")
                        : ByteBuffer.allocate(in.remaining());
        out.order(to);
        if (from == to || elementSize == 1) {
            out.put(in).flip();
            return out;
        }
        // Typed views of different orders make the bulk put swap bytes per element.
        switch (elementSize) {
            case 2 -> out.asShortBuffer().put(in.asShortBuffer());
            case 4 -> out.asIntBuffer().put(in.asIntBuffer());
            case 8 -> out.asLongBuffer().put(in.asLongBuffer());
            default -> throw new IllegalArgumentException("element size " + elementSize);
        }
        return out;
    }

    /**
     * Releases a direct buffer's memory now instead of at some later GC (sun.misc.Unsafe's
     * invokeCleaner, exported to class-path code by jdk.unsupported). Heap buffers are left to
     * the GC; if the call is unavailable the GC frees it later, which is only slower.
     */
    static void free(ByteBuffer buffer) {
        if (!buffer.isDirect() || UNSAFE == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // a slice or duplicate cannot be cleaned directly; the GC will free it
        }
    }

    private static final Object UNSAFE;
    private static final java.lang.reflect.Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        java.lang.reflect.Method cleaner = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            java.lang.reflect.Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            cleaner = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    /** A zeroed direct buffer in native order, or a clear error past the 2 GiB buffer limit. */
    static ByteBuffer allocateDirect(long bytes, String what) {
        if (bytes > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException(
                    what
                            + " needs "
                            + bytes
                            + " bytes; Java buffers (and so one DJL array) hold at most 2 GiB");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }
}
