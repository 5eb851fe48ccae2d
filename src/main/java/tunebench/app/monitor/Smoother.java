package tunebench.app.monitor;

/**
 * TensorBoard's scalar smoothing: an exponential moving average divided by its bias
 * correction {@code 1 - w^n}, so the curve starts at the first value instead of climbing from
 * zero (as in Adam's moment estimates). Non-finite values pass through unsmoothed and do not
 * disturb the average, as TensorBoard does.
 */
final class Smoother {

    private final double weight;
    private double last;
    private int count;

    /** @param weight 0 (no smoothing) to below 1 (TensorBoard's slider) */
    Smoother(double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        this.weight = weight;
    }

    double next(double value) {
        if (!Double.isFinite(value)) {
            return value;
        }
        last = last * weight + (1 - weight) * value;
        count++;
        return last / (1 - Math.pow(weight, count));
    }
}
