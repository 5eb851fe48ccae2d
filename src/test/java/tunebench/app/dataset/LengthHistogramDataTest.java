package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class LengthHistogramDataTest {

    @Test
    void binsAreRoundAndReachPastTheMaxLength() {
        LengthHistogramData h = LengthHistogramData.of(new int[] {5, 12, 700, 90}, 512, 40);
        assertEquals(20, h.width());
        assertEquals(700 / 20 + 1, h.counts().length);
        assertEquals(2, h.counts()[0]); // 5 and 12
        assertEquals(1, h.counts()[35]);
        assertEquals(1, h.over());
        assertEquals("1 of 4 examples over 512 tokens", h.title());
    }

    @Test
    void uncountedAndRefusedExamplesAreNotBinned() {
        LengthHistogramData h = LengthHistogramData.of(new int[] {0, 600, -1, 0}, 512, 40);
        assertFalse(h.done());
        assertEquals(1, h.refused());
        assertEquals(1, java.util.Arrays.stream(h.counts()).sum());
        assertEquals("1 of 1 examples over 512 tokens (counted 2 of 4 so far)", h.title());
        assertEquals("longest 600 tokens · mean 600 · 1 the chat template refuses", h.detail());
    }

    @Test
    void niceWidthsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1, LengthHistogramData.niceWidth(10, 40));
        assertEquals(50, LengthHistogramData.niceWidth(2000, 40));
        assertEquals(100, LengthHistogramData.niceWidth(3000, 40));
        assertEquals(1000, LengthHistogramData.niceWidth(32768, 40));
    }
}
