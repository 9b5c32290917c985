package dev.paddock.sys;

import java.util.function.ToIntFunction;

import com.kenai.jffi.ObjectParameterInfo;
import com.kenai.jffi.ObjectParameterStrategy;
import com.kenai.jffi.ObjectParameterType;

/**
 * How Java arrays go to jffi calls ({@link LibC}, {@link Crypto}): as a copy the native side sees for
 * the call, copied in before it, back out after it, or both, as jnr-ffi passes arrays.
 */
final class NativeArrays {
    static final ObjectParameterStrategy<byte[]> BYTES = new HeapArray<>(ObjectParameterType.BYTE, a -> a.length);
    static final ObjectParameterStrategy<int[]> INTS = new HeapArray<>(ObjectParameterType.INT, a -> a.length);
    static final ObjectParameterStrategy<long[]> LONGS = new HeapArray<>(ObjectParameterType.LONG, a -> a.length);

    private NativeArrays() {}

    /** Argument {@code parameter} (0-based) is a byte array read by the callee. */
    static ObjectParameterInfo in(int parameter) {
        return in(parameter, ObjectParameterInfo.BYTE);
    }

    /** Argument {@code parameter} is a byte array the callee fills. */
    static ObjectParameterInfo out(int parameter) {
        return info(parameter, ObjectParameterInfo.BYTE, ObjectParameterInfo.OUT);
    }

    static ObjectParameterInfo in(int parameter, ObjectParameterInfo.ComponentType component) {
        return info(parameter, component, ObjectParameterInfo.IN);
    }

    static ObjectParameterInfo inOut(int parameter, ObjectParameterInfo.ComponentType component) {
        return info(parameter, component, ObjectParameterInfo.IN | ObjectParameterInfo.OUT);
    }

    private static ObjectParameterInfo info(int parameter, ObjectParameterInfo.ComponentType component, int io) {
        return ObjectParameterInfo.create(parameter, ObjectParameterInfo.ARRAY, component, io);
    }

    /** A Java array of one primitive type, passed by copy. */
    private static final class HeapArray<T> extends ObjectParameterStrategy<T> {
        private final ToIntFunction<T> length;

        HeapArray(ObjectParameterType.ComponentType component, ToIntFunction<T> length) {
            super(HEAP, ObjectParameterType.create(ObjectParameterType.ARRAY, component));
            this.length = length;
        }

        @Override
        public long address(T array) {
            return 0;
        }

        @Override
        public Object object(T array) {
            return array;
        }

        @Override
        public int offset(T array) {
            return 0;
        }

        @Override
        public int length(T array) {
            return length.applyAsInt(array);
        }
    }
}
