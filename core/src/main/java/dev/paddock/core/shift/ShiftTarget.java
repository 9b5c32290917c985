package dev.paddock.core.shift;

import dev.paddock.sys.StatX;

/**
 * One PATH checked and ready to shift: the rule that applies to it (its source base detected from the
 * root's owner unless given) and the root's stat at check time.
 */
public record ShiftTarget(String path, IdShift shift, StatX rootStat) {}
