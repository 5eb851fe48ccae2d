package tunebench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void countsReadAsThreeSignificantDigits() {
        assertEquals("950", Formats.count(950));
        assertEquals("1.10 M", Formats.count(1_100_000));
        assertEquals("133.4 K", Formats.count(133_440));
        assertEquals("7.24 B", Formats.count(7_241_732_096L));
        assertEquals("1.00 M", Formats.count(999_960));
    }

    @Test
    void bytesUseDecimalUnits() {
        assertEquals("512 bytes", Formats.bytes(512));
        assertEquals("535.9 KB", Formats.bytes(535_904));
        assertEquals("2.20 GB", Formats.bytes(2_200_000_000L));
    }

    @Test
    void exactCountsAreGrouped() {
        assertEquals("133,440", Formats.exact(133_440));
    }
}
