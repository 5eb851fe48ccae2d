package tunebench.app.monitor;

import java.nio.file.Path;

/**
 * A past run drawn over the live one: its curves in a muted, dashed style of its own colour.
 *
 * @param colorIndex which of the muted colours it wears, the same in every chart
 * @param problems lines of its metrics.jsonl that could not be read
 */
record Overlay(String name, Path dir, int colorIndex, CurveSet curves, int problems) {}
