package tunebench.app.monitor;

import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.dataset.DataSet;
import javafx.geometry.Bounds;
import javafx.scene.Parent;
import javafx.scene.input.MouseEvent;

/** ChartFX's hover tooltip, worded for training curves: "eval loss · step 40: 1.234". */
final class ValueTooltip extends DataPointTooltip {

    /** A few pixels more than ChartFX's default 5: thin lines are hard to hit. */
    static final double PICKING_DISTANCE = 12;

    ValueTooltip() {
        super(PICKING_DISTANCE);
    }

    /**
     * The label lives in an unmanaged group, and on a real display (Xvfb, not headless
     * Monocle) its skin was not laid out after a resize, leaving an empty box: lay it out now.
     */
    @Override
    protected void updateLabel(MouseEvent event, Bounds plotAreaBounds, DataPoint dataPoint) {
        super.updateLabel(event, plotAreaBounds, dataPoint);
        getChartChildren().forEach(n -> {
            if (n instanceof Parent p) {
                p.layout();
            }
        });
    }

    @Override
    protected String getDataLabelSafe(DataSet dataSet, int index) {
        return dataSet.getName();
    }

    @Override
    protected String formatLabel(DataPoint point) {
        return point.label + " · step " + Math.round(point.x) + ": " + MonitorText.number(point.y);
    }
}
