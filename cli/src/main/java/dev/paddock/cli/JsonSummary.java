package dev.paddock.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.paddock.core.shift.ShiftResult;

/** The --json form of a shift result: one object on one line. */
final class JsonSummary {
    private JsonSummary() {}

    static String of(ShiftResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", r.target().path());
        m.put("shift", r.target().shift().to());
        m.put("range", r.target().shift().range());
        m.put("from", r.target().shift().from());
        m.put("dryRun", r.dryRun());
        m.put("total", r.total());
        m.put("changed", r.changed());
        m.put("already", r.already());
        m.put("foreign", r.foreign());
        m.put("inTarget", r.inTarget());
        m.put("hardlinkRepeats", r.hardlinkRepeats());
        m.put("failures", r.failures());
        m.put("skippedMounts", r.skippedMounts());
        return Json.compact(m);
    }
}
