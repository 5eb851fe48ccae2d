package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tunebench.engine.train.config.LoraMethod;

/** Numbers and target lists survive the form exactly, and read as a person writes them. */
class FormTextTest {

    @Test
    void numbersReadAsWrittenAndParseBackExactly() {
        assertEquals("0.002", FormText.number(2e-3));
        assertEquals("2e-4", FormText.number(2e-4));
        assertEquals("2.5e-5", FormText.number(2.5e-5));
        assertEquals("1e-8", FormText.number(1e-8));
        assertEquals("32", FormText.number(32.0));
        assertEquals("0", FormText.number(0.0));
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double d = Math.pow(10, random.nextDouble() * 16 - 10) * (random.nextBoolean() ? 1 : -1);
            assertEquals(d, Double.parseDouble(FormText.number(d)), "for " + d);
        }
    }

    @Test
    void allLinearStaysAllLinearUntilABoxIsUnticked() {
        TargetModules targets = new TargetModules();
        targets.select(List.of(LoraMethod.ALL_LINEAR));
        targets.setLayers(LoraMethod.DEFAULT_TARGET_MODULES); // the model's headers arrive
        assertEquals(List.of(LoraMethod.ALL_LINEAR), targets.selected());

        targets.items().get(6).checked().set(false);
        assertEquals(LoraMethod.DEFAULT_TARGET_MODULES.subList(0, 6), targets.selected());
    }

    @Test
    void namesTheModelLacksAreKeptAsTheirOwnBoxes() {
        TargetModules targets = new TargetModules();
        targets.select(List.of("q_proj", "c_attn"));
        assertEquals(List.of("q_proj", "c_attn"), targets.selected());
        assertEquals(8, targets.items().size());
        targets.selectAttention();
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj"), targets.selected());
    }
}
