package tunebench.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DiffScaleTest {

    @Test
    void stepsAreRatiosOfProbability() {
        assertEquals(DiffScale.SAME, DiffScale.of(Math.log(1.4)));
        assertEquals(DiffScale.MORE, DiffScale.of(Math.log(2)));
        assertEquals(DiffScale.MUCH_MORE, DiffScale.of(Math.log(5)));
        assertEquals(DiffScale.LESS, DiffScale.of(-Math.log(2)));
        assertEquals(DiffScale.MUCH_LESS, DiffScale.of(-Math.log(5)));
    }

    @Test
    void tooltipsSayHowMuchInWords() {
        assertEquals("18× more likely here", DiffScale.ratio(Math.log(18)));
        assertEquals("2.5× less likely here", DiffScale.ratio(-Math.log(2.5)));
        assertEquals("about as likely in both", DiffScale.ratio(0.1));
        assertEquals("62.1%", DiffScale.percent(Math.log(0.621)));
        assertEquals("0.50%", DiffScale.percent(Math.log(0.005)));
        assertEquals("<0.01%", DiffScale.percent(-20));
    }
}
