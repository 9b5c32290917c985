package dev.paddock.core.container;

import java.nio.file.Path;

/**
 * A container's configuration as the launcher recorded it.
 *
 * @param image       the index the container was made from, as given
 * @param imageDigest SHA-256 of the index bytes: names the shared extracted copy
 * @param lower       the shared extracted copy (the overlay's lower layer)
 * @param store       the chunk store the image was extracted from ("" for the default)
 * @param method      shift-mount method: auto, idmap or chown
 * @param network     how the container is networked
 * @param address     the container's address with prefix for {@link NetworkMode#VETH}, else ""
 */
public record ContainerRecord(ContainerName name, String image, String imageDigest, Path lower, String store, long base,
                              long range, String method, NetworkMode network, String address, String created) {
}
