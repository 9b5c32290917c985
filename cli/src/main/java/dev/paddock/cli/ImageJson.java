package dev.paddock.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** A flat JSON object for --json summaries; values are strings, numbers or booleans. */
final class ImageJson {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    ImageJson put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        return Json.compact(fields);
    }
}
