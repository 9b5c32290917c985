package dev.paddock.cli;

import java.util.List;

import dev.paddock.core.shift.ShiftResult;

/** The --json form of a shift result: one object on one line. */
final class JsonSummary {
    private JsonSummary() {}

    static String of(ShiftResult r) {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "path", r.target().path()).append(',');
        b.append("\"shift\":").append(r.target().shift().to()).append(',');
        b.append("\"range\":").append(r.target().shift().range()).append(',');
        b.append("\"from\":").append(r.target().shift().from()).append(',');
        b.append("\"dryRun\":").append(r.dryRun()).append(',');
        b.append("\"total\":").append(r.total()).append(',');
        b.append("\"changed\":").append(r.changed()).append(',');
        b.append("\"already\":").append(r.already()).append(',');
        b.append("\"foreign\":").append(r.foreign()).append(',');
        b.append("\"inTarget\":").append(r.inTarget()).append(',');
        b.append("\"hardlinkRepeats\":").append(r.hardlinkRepeats()).append(',');
        b.append("\"failures\":").append(r.failures()).append(',');
        b.append("\"skippedMounts\":");
        list(b, r.skippedMounts());
        return b.append('}').toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        return string(b.append('"').append(name).append("\":"), value);
    }

    private static void list(StringBuilder b, List<String> values) {
        b.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            string(b, values.get(i));
        }
        b.append(']');
    }

    static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
