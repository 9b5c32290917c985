package dev.paddock.core.image.catar;

/** A directory's default ACL base entries; {@link CatarFormat#UNSET} (-1) where absent. */
public record AclDefault(long userObj, long groupObj, long other, long mask) {}
