package dev.rocket.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Jdbc#isoUtc} writes exactly what {@link Jdbc#ISO_UTC} writes. */
class JdbcTimestampTest {

    @Test
    void knownValues() {
        assertThat(Jdbc.isoUtc(OffsetDateTime.parse("2026-11-25T22:59:27.403573Z")))
                .isEqualTo("2026-11-25T22:59:27.403573Z");
        assertThat(Jdbc.isoUtc(OffsetDateTime.parse("2026-01-01T00:30:00+02:00")))
                .isEqualTo("2025-12-31T22:30:00.000000Z");
        assertThat(Jdbc.isoUtc(OffsetDateTime.parse("0001-01-01T00:00:00.000001Z")))
                .isEqualTo("0001-01-01T00:00:00.000001Z");
    }

    @Test
    void sameAsTheFormatterForRandomInstantsAndOffsets() {
        SplittableRandom r = new SplittableRandom(42);
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(r.nextLong(min + 86_400, max - 86_400), r.nextInt(1_000_000) * 1000L);
            ZoneOffset off = ZoneOffset.ofTotalSeconds(r.nextInt(-18 * 3600, 18 * 3600 + 1) / 60 * 60);
            OffsetDateTime t = at.atOffset(off);
            assertThat(Jdbc.isoUtc(t)).isEqualTo(Jdbc.ISO_UTC.format(t));
            assertThat(Jdbc.isoUtc(at)).isEqualTo(Jdbc.ISO_UTC.format(at));
        }
    }

    @Test
    void microsecondsSinceTheEpochAsTheFormatterWritesThem() {
        SplittableRandom r = new SplittableRandom(7);
        long max = Instant.parse("9999-12-31T23:59:59.999999Z").getEpochSecond();
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long seconds = r.nextLong(min, max);
            int micros = r.nextInt(1_000_000);
            Instant at = Instant.ofEpochSecond(seconds, micros * 1000L);
            assertThat(Jdbc.isoUtcMicros(seconds * 1_000_000L + micros)).isEqualTo(Jdbc.ISO_UTC.format(at));
        }
        assertThat(Jdbc.isoUtcMicros(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(Jdbc.isoUtcMicros(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
        assertThat(Jdbc.isoUtcMicros(946_684_800_000_000L)).isEqualTo("2000-01-01T00:00:00.000000Z");
        long beyond = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
        assertThat(Jdbc.isoUtcMicros(beyond)).isEqualTo(Jdbc.ISO_UTC.format(Instant.ofEpochSecond(beyond / 1_000_000L)));
    }

    @Test
    void yearsBeyondFourDigitsUseTheFormatter() {
        OffsetDateTime t = OffsetDateTime.parse("+10000-01-01T00:00:00Z");
        assertThat(Jdbc.isoUtc(t)).isEqualTo(Jdbc.ISO_UTC.format(t));
    }
}
