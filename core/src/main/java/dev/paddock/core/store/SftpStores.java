package dev.paddock.core.store;

import dev.paddock.core.store.ssh.SftpChunkStore;
import dev.paddock.core.store.ssh.SshOptions;
import dev.paddock.core.store.ssh.SshStoreAddress;

/**
 * Opens ssh:// and sftp:// stores. A separate class so that {@link StoreLocation} names no SSH type:
 * the SSH library is loaded only when such a store is opened, never on paddock's start-up path.
 */
final class SftpStores {
    private SftpStores() {}

    static ChunkStore open(String text, ChunkDigest digest) {
        return new SftpChunkStore(SshStoreAddress.parse(text), digest, SshOptions.fromEnvironment());
    }
}
