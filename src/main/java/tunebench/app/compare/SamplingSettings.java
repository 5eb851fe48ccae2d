package tunebench.app.compare;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import tunebench.engine.generate.GenerationSpec;

/**
 * The decoding settings every column shares, as the form edits them. Defaults sample (so the
 * seed matters and answers vary the way users will meet them) at a moderate temperature.
 */
public final class SamplingSettings {

    private final BooleanProperty greedy = new SimpleBooleanProperty(this, "greedy", false);
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature", 0.7);
    private final IntegerProperty topK = new SimpleIntegerProperty(this, "topK", 50);
    private final DoubleProperty topP = new SimpleDoubleProperty(this, "topP", 0.95);
    private final IntegerProperty maxNewTokens = new SimpleIntegerProperty(this, "maxNewTokens", 96);
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 42);

    /**
     * The spec for every column: same seed, so each column draws the same random numbers and
     * differences come from the models. Stop tokens are the model's, added when it is loaded.
     *
     * @throws IllegalArgumentException naming every value out of range
     */
    public GenerationSpec toSpec() {
        GenerationSpec spec = GenerationSpec.defaults().withMaxNewTokens(maxNewTokens.get())
                .withSeed(seed.get());
        return greedy.get() ? spec.withGreedy(true)
                : spec.withSampling(temperature.get(), topK.get(), topP.get());
    }

    public BooleanProperty greedyProperty() {
        return greedy;
    }

    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    public IntegerProperty topKProperty() {
        return topK;
    }

    public DoubleProperty topPProperty() {
        return topP;
    }

    public IntegerProperty maxNewTokensProperty() {
        return maxNewTokens;
    }

    public LongProperty seedProperty() {
        return seed;
    }
}
