package dev.paddock.core.container;

import java.nio.file.Path;

/** What {@code paddock container create} was asked for. */
public record CreateRequest(ContainerName name, Path image, String store, String method, NetworkMode network, long size) {
}
