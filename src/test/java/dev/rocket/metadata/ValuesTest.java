package dev.rocket.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.db.Jdbc;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ValuesTest {

    private static Object coerce(FieldType t, Object v) throws Values.TypeMismatch {
        return Values.coerce(t, null, v);
    }

    private static void refused(FieldType t, Integer precision, Object v, String message) {
        assertThatThrownBy(() -> Values.coerce(t, precision, v))
                .isInstanceOf(Values.TypeMismatch.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @EnumSource(FieldType.class)
    void nullStaysNullForEveryType(FieldType t) throws Exception {
        assertThat(Values.coerce(t, 2, null)).isNull();
    }

    // ---- int -------------------------------------------------------------------------------------

    @Test
    void intAcceptsTheFull32BitRange() throws Exception {
        assertThat(coerce(FieldType.INT, 2147483647)).isEqualTo(Integer.MAX_VALUE);
        assertThat(coerce(FieldType.INT, -2147483648)).isEqualTo(Integer.MIN_VALUE);
        assertThat(coerce(FieldType.INT, 2147483647L)).isEqualTo(Integer.MAX_VALUE).isInstanceOf(Integer.class);
        assertThat(coerce(FieldType.INT, -2147483648L)).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void intRefusesValuesOutside32Bits() {
        refused(FieldType.INT, null, 2147483648L, "is out of range for int");
        refused(FieldType.INT, null, -2147483649L, "is out of range for int");
        refused(FieldType.INT, null, "2147483648", "is out of range for int");
        refused(FieldType.INT, null, new BigInteger("99999999999999999999"), "is out of range for int");
        refused(FieldType.INT, null, 1e20, "is out of range for int");
    }

    @Test
    void intAcceptsNumericStringsAndIntegralFractions() throws Exception {
        assertThat(coerce(FieldType.INT, "42")).isEqualTo(42);
        assertThat(coerce(FieldType.INT, " -7 ")).isEqualTo(-7);
        assertThat(coerce(FieldType.INT, "+7")).isEqualTo(7);
        assertThat(coerce(FieldType.INT, 2.0)).isEqualTo(2);
        assertThat(coerce(FieldType.INT, new BigDecimal("3.00"))).isEqualTo(3);
        assertThat(coerce(FieldType.INT, (short) 5)).isEqualTo(5);
    }

    @Test
    void intRefusesFractionsAndNonNumbers() {
        refused(FieldType.INT, null, 1.5, "must be an integer");
        refused(FieldType.INT, null, new BigDecimal("1.5"), "must be an integer");
        refused(FieldType.INT, null, "1.5", "must be an integer");
        refused(FieldType.INT, null, "1e3", "must be an integer");
        refused(FieldType.INT, null, "abc", "must be an integer");
        refused(FieldType.INT, null, "", "must be an integer");
        refused(FieldType.INT, null, true, "must be an integer");
        refused(FieldType.INT, null, Double.NaN, "must be an integer");
        refused(FieldType.INT, null, Double.POSITIVE_INFINITY, "must be an integer");
        refused(FieldType.INT, null, List.of(1), "must be an integer");
    }

    // ---- bigint ----------------------------------------------------------------------------------

    @Test
    void bigintAcceptsThe64BitRangeAsLong() throws Exception {
        assertThat(coerce(FieldType.BIGINT, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(coerce(FieldType.BIGINT, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(coerce(FieldType.BIGINT, 5)).isEqualTo(5L).isInstanceOf(Long.class);
    }

    @Test
    void bigintRefusesValuesOutside64Bits() {
        refused(FieldType.BIGINT, null, "9223372036854775808", "is out of range for bigint");
        refused(FieldType.BIGINT, null, new BigInteger("-9223372036854775809"), "is out of range for bigint");
        refused(FieldType.BIGINT, null, 1.5, "must be an integer");
    }

    // ---- decimal ---------------------------------------------------------------------------------

    @Test
    void decimalKeepsTheExactValueRoundedToTheColumnScale() throws Exception {
        assertThat(Values.coerce(FieldType.DECIMAL, 2, "12.345")).isEqualTo(new BigDecimal("12.35"));
        assertThat(Values.coerce(FieldType.DECIMAL, null, "12.345")).isEqualTo(new BigDecimal("12.345"));
        assertThat(Values.coerce(FieldType.DECIMAL, 2, 12.5)).isEqualTo(new BigDecimal("12.5"));
        assertThat(Values.coerce(FieldType.DECIMAL, 2, 7)).isEqualTo(new BigDecimal("7"));
        assertThat(Values.coerce(FieldType.DECIMAL, 2, "-.5")).isEqualTo(new BigDecimal("-0.5"));
        assertThat(Values.coerce(FieldType.DECIMAL, 2, "1e5")).isEqualTo(new BigDecimal("1E+5"));
    }

    @Test
    void decimalPrecisionTwoHoldsSixteenIntegerDigits() throws Exception {
        assertThat(Values.coerce(FieldType.DECIMAL, 2, "9999999999999999.99"))
                .isEqualTo(new BigDecimal("9999999999999999.99"));
        assertThat(Values.coerce(FieldType.DECIMAL, 2, -9999999999999999L)).isEqualTo(new BigDecimal("-9999999999999999"));
        refused(FieldType.DECIMAL, 2, "10000000000000000", "has more than 16 integer digits");
        refused(FieldType.DECIMAL, 2, 10000000000000000L, "has more than 16 integer digits");
        refused(FieldType.DECIMAL, 2, "1e16", "has more than 16 integer digits");
        refused(FieldType.DECIMAL, 4, "123456789012345", "has more than 14 integer digits");
    }

    @Test
    void decimalWithoutPrecisionIsUnbounded() throws Exception {
        assertThat(Values.coerce(FieldType.DECIMAL, null, "123456789012345678901234567890"))
                .isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(Values.coerce(FieldType.DECIMAL, 0, "1e30")).isEqualTo(new BigDecimal("1E+30"));
    }

    @Test
    void decimalRefusesNanInfinityAndNonNumbers() {
        refused(FieldType.DECIMAL, 2, Double.NaN, "must be a finite number");
        refused(FieldType.DECIMAL, 2, Double.POSITIVE_INFINITY, "must be a finite number");
        refused(FieldType.DECIMAL, 2, Double.NEGATIVE_INFINITY, "must be a finite number");
        refused(FieldType.DECIMAL, 2, "NaN", "must be a number");
        refused(FieldType.DECIMAL, 2, "Infinity", "must be a number");
        refused(FieldType.DECIMAL, 2, "-Infinity", "must be a number");
        refused(FieldType.DECIMAL, 2, "1,5", "must be a number");
        refused(FieldType.DECIMAL, 2, "", "must be a number");
        refused(FieldType.DECIMAL, 2, true, "must be a number");
    }

    @Test
    void decimalThatOverflowsAfterRoundingToTheScaleIsRefused() {
        refused(FieldType.DECIMAL, 2, "9999999999999999.995", "has more than 16 integer digits");
    }

    // ---- boolean ---------------------------------------------------------------------------------

    @Test
    void booleansAreStrict() throws Exception {
        assertThat(coerce(FieldType.BOOLEAN, true)).isEqualTo(true);
        assertThat(coerce(FieldType.BOOLEAN, false)).isEqualTo(false);
        refused(FieldType.BOOLEAN, null, "true", "must be a boolean");
        refused(FieldType.BOOLEAN, null, 1, "must be a boolean");
        refused(FieldType.BOOLEAN, null, 0, "must be a boolean");
    }

    // ---- uuid ------------------------------------------------------------------------------------

    @Test
    void uuidParsesCanonicalTextInAnyCase() throws Exception {
        UUID u = UUID.fromString("3f0c2a8e-1b2c-4d5e-8f90-0123456789ab");
        assertThat(coerce(FieldType.UUID, "3f0c2a8e-1b2c-4d5e-8f90-0123456789ab")).isEqualTo(u);
        assertThat(coerce(FieldType.UUID, "3F0C2A8E-1B2C-4D5E-8F90-0123456789AB")).isEqualTo(u);
    }

    @Test
    void uuidRefusesMalformedText() {
        refused(FieldType.UUID, null, "not-a-uuid", "must be a UUID");
        refused(FieldType.UUID, null, "3f0c2a8e-1b2c-4d5e-8f90-0123456789a", "must be a UUID");
        refused(FieldType.UUID, null, "3f0c2a8e-1b2c-4d5e-8f90-0123456789abc", "must be a UUID");
        refused(FieldType.UUID, null, "zzzzzzzz-1b2c-4d5e-8f90-0123456789ab", "must be a UUID");
        refused(FieldType.UUID, null, "1-2-3-4-5", "must be a UUID");
        refused(FieldType.UUID, null, 12, "must be a UUID string");
    }

    // ---- timestamp / date ------------------------------------------------------------------------

    @Test
    void timestampKeepsAnExplicitOffset() throws Exception {
        assertThat(coerce(FieldType.TIMESTAMP, "2024-01-02T03:04:05+02:00"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)));
        assertThat(coerce(FieldType.TIMESTAMP, "2024-01-02T03:04:05.123Z"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000, ZoneOffset.UTC));
    }

    @Test
    void timestampWithoutOffsetIsUtcAndAPlainDateIsMidnightUtc() throws Exception {
        assertThat(coerce(FieldType.TIMESTAMP, "2024-01-02T03:04:05"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
        assertThat(coerce(FieldType.TIMESTAMP, "2024-01-02"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void timestampRefusesGarbageAndOutOfRangeYears() {
        refused(FieldType.TIMESTAMP, null, "yesterday", "must be an ISO 8601 timestamp");
        refused(FieldType.TIMESTAMP, null, "2024-13-01T00:00:00Z", "must be an ISO 8601 timestamp");
        refused(FieldType.TIMESTAMP, null, "+10000-01-01T00:00:00Z", "is out of range");
        refused(FieldType.TIMESTAMP, null, 1700000000, "must be an ISO 8601 timestamp string");
    }

    @Test
    void datesParseIsoDatesAndTheDatePartOfATimestamp() throws Exception {
        assertThat(coerce(FieldType.DATE, "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(coerce(FieldType.DATE, "2024-01-02T23:00:00+02:00")).isEqualTo(LocalDate.of(2024, 1, 2));
    }

    @Test
    void datesRefuseImpossibleOrForeignFormats() {
        refused(FieldType.DATE, null, "2023-02-29", "must be a YYYY-MM-DD date");
        refused(FieldType.DATE, null, "02/01/2024", "must be a YYYY-MM-DD date");
        refused(FieldType.DATE, null, "2024-1-2", "must be a YYYY-MM-DD date");
        refused(FieldType.DATE, null, 20240102, "must be a YYYY-MM-DD date string");
    }

    // ---- strings, json ---------------------------------------------------------------------------

    @Test
    void stringsMustBeStringsWithoutNul() throws Exception {
        assertThat(coerce(FieldType.STRING, "")).isEqualTo("");
        assertThat(coerce(FieldType.TEXT, " spaced ")).isEqualTo(" spaced ");
        refused(FieldType.STRING, null, "a\u0000b", "must not contain NUL characters");
        refused(FieldType.TEXT, null, "\u0000", "must not contain NUL characters");
        refused(FieldType.STRING, null, 5, "must be a string");
        refused(FieldType.STRING, null, List.of("a"), "must be a string");
        refused(FieldType.STRING, null, Map.of("a", 1), "must be a string");
    }

    @Test
    void jsonWrapsAnyValueButRefusesNulInsideIt() throws Exception {
        Map<String, Object> v = Map.of("a", List.of(1, "x"));
        assertThat(coerce(FieldType.JSON, v)).isEqualTo(new Jdbc.JsonValue(v));
        assertThat(coerce(FieldType.JSON, 5)).isEqualTo(new Jdbc.JsonValue(5));
        refused(FieldType.JSON, null, Map.of("a", List.of("x\u0000")), "must not contain NUL characters");
        refused(FieldType.JSON, null, Map.of("k\u0000", 1), "must not contain NUL characters");
    }

    // ---- query-string text -------------------------------------------------------------------------

    @Test
    void parseTextCoercesByType() throws Exception {
        assertThat(Values.parseText(FieldType.INT, null, " 5 ")).isEqualTo(5);
        assertThat(Values.parseText(FieldType.BIGINT, null, "5")).isEqualTo(5L);
        assertThat(Values.parseText(FieldType.DECIMAL, 2, "1.50")).isEqualTo(new BigDecimal("1.50"));
        assertThat(Values.parseText(FieldType.BOOLEAN, null, "true")).isEqualTo(true);
        assertThat(Values.parseText(FieldType.BOOLEAN, null, "TRUE")).isEqualTo(true);
        assertThat(Values.parseText(FieldType.BOOLEAN, null, "1")).isEqualTo(true);
        assertThat(Values.parseText(FieldType.BOOLEAN, null, "yes")).isEqualTo(false);
        assertThat(Values.parseText(FieldType.BOOLEAN, null, "0")).isEqualTo(false);
        assertThat(Values.parseText(FieldType.STRING, null, " a ")).isEqualTo(" a ");
        assertThat(Values.parseText(FieldType.DATE, null, " 2024-01-02 ")).isEqualTo(LocalDate.of(2024, 1, 2));
    }
}
