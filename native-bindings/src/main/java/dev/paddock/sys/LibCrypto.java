package dev.paddock.sys;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/** The few libcrypto (OpenSSL 3) calls paddock uses: one-shot digests for chunk ids. */
public interface LibCrypto {
    Pointer EVP_sha512_256();

    Pointer EVP_sha256();

    int EVP_Digest(@In byte[] data, long count, @Out byte[] md, Pointer size, Pointer type, Pointer engine);
}
