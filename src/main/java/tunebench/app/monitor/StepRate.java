package tunebench.app.monitor;

import java.util.ArrayDeque;

/**
 * Recent speed of a run, for the ETA and the tokens/s in the progress line: the mean over the
 * last {@link #WINDOW} step intervals, so an evaluation or a checkpoint bends the estimate a
 * little and then leaves it, while a real slowdown shows within a few steps. Times come from
 * the run's own clock ({@code elapsed_s}), not from when the numbers reached the screen.
 */
final class StepRate {

    static final int WINDOW = 20;

    private record Interval(int steps, double seconds, double tokensPerS) {}

    private final ArrayDeque<Interval> recent = new ArrayDeque<>();
    private int lastStep = -1;
    private double lastElapsed;
    private boolean skipNext;
    private double lastTokensPerS = Double.NaN;

    void stepCompleted(int step, double elapsedS, double tokensPerS) {
        if (lastStep >= 0 && step > lastStep && !skipNext && elapsedS >= lastElapsed) {
            recent.addLast(new Interval(step - lastStep, elapsedS - lastElapsed, tokensPerS));
            if (recent.size() > WINDOW) {
                recent.removeFirst();
            }
        }
        skipNext = false;
        lastStep = step;
        lastTokensPerS = tokensPerS;
        lastElapsed = elapsedS;
    }

    /** The next interval spans a pause, whose wall time says nothing about speed. */
    void gap() {
        skipNext = true;
    }

    void clear() {
        recent.clear();
        lastStep = -1;
        skipNext = false;
        lastTokensPerS = Double.NaN;
    }

    /** Mean seconds per step over the window; NaN until two steps were seen. */
    double secondsPerStep() {
        int steps = 0;
        double seconds = 0;
        for (Interval i : recent) {
            steps += i.steps();
            seconds += i.seconds();
        }
        return steps == 0 ? Double.NaN : seconds / steps;
    }

    /** Mean tokens/s of the steps in the window (the last step's alone at first). */
    double tokensPerS() {
        return recent.stream().mapToDouble(Interval::tokensPerS).average().orElse(lastTokensPerS);
    }

    /** Seconds until {@code totalSteps}; NaN while unknown. */
    double etaSeconds(int step, int totalSteps) {
        return Math.max(0, totalSteps - step) * secondsPerStep();
    }
}
