package dev.rocket.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.request.ReadRequest.FilterParam;
import dev.rocket.request.ReadRequest.SortKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestParserTest {

    /** A query string as JAX-RS hands it over: key → values, in order. */
    private static Map<String, List<String>> q(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    private static ReadRequest parse(String... kv) {
        return RequestParser.parse(q(kv));
    }

    // ---- filters ---------------------------------------------------------------------------------

    @Test
    void emptyQueryGivesDefaults() {
        ReadRequest r = parse();
        assertThat(r.filters()).isEmpty();
        assertThat(r.sort()).isEmpty();
        assertThat(r.page()).isEqualTo(1);
        assertThat(r.perPage()).isEqualTo(25);
        assertThat(r.include()).isEmpty();
    }

    @Test
    void filtersAreExtractedWithTheirPathInOrderAndOtherKeysIgnored() {
        ReadRequest r = parse("filter[state]", "open", "page", "2", "filter[qty.gt]", "3",
                "filter[lines.sku.like]", "X%", "filterx", "1", "filter[", "y", "xfilter[a]", "z");
        assertThat(r.filters()).containsExactly(
                new FilterParam("state", "open"),
                new FilterParam("qty.gt", "3"),
                new FilterParam("lines.sku.like", "X%"));
    }

    @Test
    void repeatedFilterKeysGiveOneFilterEach() {
        ReadRequest r = parse("filter[qty.gt]", "1", "filter[qty.gt]", "5", "filter[state]", "open");
        assertThat(r.filters()).containsExactly(
                new FilterParam("qty.gt", "1"),
                new FilterParam("qty.gt", "5"),
                new FilterParam("state", "open"));
    }

    @Test
    void nullFilterValueBecomesEmptyStringAndEmptyPathIsKept() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("filter[note]", Arrays.asList((String) null));
        m.put("filter[]", List.of("v"));
        assertThat(RequestParser.parse(m).filters())
                .containsExactly(new FilterParam("note", ""), new FilterParam("", "v"));
    }

    @Test
    void fiftyFiltersAreAcceptedFiftyOneAreRefused() {
        Map<String, List<String>> ok = new LinkedHashMap<>();
        List<String> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add("v" + i);
        }
        ok.put("filter[a]", fifty);
        assertThat(RequestParser.parse(ok).filters()).hasSize(50);

        Map<String, List<String>> tooMany = new LinkedHashMap<>(ok);
        tooMany.put("filter[b]", List.of("x"));
        assertThatThrownBy(() -> RequestParser.parse(tooMany))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
                    assertThat(e.getMessage()).isEqualTo("Too many filters (at most 50)");
                });
    }

    // ---- sort ------------------------------------------------------------------------------------

    @Test
    void sortAscendingAndDescending() {
        assertThat(parse("sort", "a,-b").sort())
                .containsExactly(new SortKey("a", false), new SortKey("b", true));
    }

    @Test
    void sortSkipsBlankPartsAndTrims() {
        assertThat(parse("sort", " a , ,-b,, ").sort())
                .containsExactly(new SortKey("a", false), new SortKey("b", true));
    }

    @Test
    void sortPlusPrefixMeansAscending() {
        assertThat(parse("sort", "+a,-b,+c").sort())
                .containsExactly(new SortKey("a", false), new SortKey("b", true), new SortKey("c", false));
    }

    @Test
    void blankSortIsNoSort() {
        assertThat(parse("sort", "   ").sort()).isEmpty();
        assertThat(parse("sort", ",,").sort()).isEmpty();
    }

    @Test
    void onlyTheFirstSortParameterCounts() {
        assertThat(parse("sort", "a", "sort", "b").sort()).containsExactly(new SortKey("a", false));
    }

    @Test
    void bareMinusIsAnUnknownSortField() {
        assertThatThrownBy(() -> parse("sort", "a,-"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
                    assertThat(e.getMessage()).isEqualTo("Unknown sort field: -");
                });
    }

    @Test
    void tenSortKeysAreAcceptedElevenRefused() {
        assertThat(parse("sort", "a,b,c,d,e,f,g,h,i,j").sort()).hasSize(10);
        assertThatThrownBy(() -> parse("sort", "a,b,c,d,e,f,g,h,i,j,k"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
                    assertThat(e.getMessage()).isEqualTo("Too many sort keys (at most 10)");
                });
    }

    // ---- pagination --------------------------------------------------------------------------------

    @ParameterizedTest(name = "page={0} → {1}")
    @CsvSource({
            "3, 3",
            "' 7 ', 7",
            "1, 1",
            "0, 1",
            "-3, 1",
            "abc, 1",
            "1.5, 1",
            "'', 1",
            "+4, 1",
            "2147483647, 2147483647",
            "2147483648, 2147483647",
            "9999999999, 2147483647",
            "99999999999, 2147483647",
            "99999999999999999999999999999999, 2147483647",
    })
    void pageDefaultsAndClamping(String raw, int expected) {
        assertThat(parse("page", raw).page()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "per_page={0} → {1}")
    @CsvSource({
            "10, 10",
            "100, 100",
            "101, 100",
            "500, 100",
            "99999999999, 100",
            "0, 25",
            "-1, 25",
            "x, 25",
            "'', 25",
            "1, 1",
    })
    void perPageDefaultsAndClamping(String raw, int expected) {
        assertThat(parse("per_page", raw).perPage()).isEqualTo(expected);
    }

    @Test
    void pageAndPerPageTogether() {
        ReadRequest r = parse("page", "4", "per_page", "20");
        assertThat(r.page()).isEqualTo(4);
        assertThat(r.perPage()).isEqualTo(20);
    }

    @Test
    void leadingZerosDoNotCountAsALargeNumber() {
        assertThat(parse("page", "00000000002").page()).isEqualTo(2);
        assertThat(parse("per_page", "000000000010").perPage()).isEqualTo(10);
        assertThat(parse("page", "00000000000").page()).isEqualTo(1);
    }

    @Test
    void onlyPlainAsciiDigitsAreANumber() {
        assertThat(parse("page", " 7 ").page()).isEqualTo(7);
        assertThat(parse("page", "+5").page()).isEqualTo(1);
        assertThat(parse("page", "1e3").page()).isEqualTo(1);
        assertThat(parse("page", "3.0").page()).isEqualTo(1);
        assertThat(parse("page", "\u0663").page()).isEqualTo(1); // an Arabic-Indic three
        assertThat(parse("page", "0".repeat(399) + "9").page()).isEqualTo(9);
        assertThat(parse("page", "0".repeat(400) + "9").page()).isEqualTo(1); // over 400 characters
    }

    // ---- include ---------------------------------------------------------------------------------

    @Test
    void includesAreTrimmedDedupedAndKeepFirstSeenOrder() {
        ReadRequest r = parse("include", " lines , tags,lines,, ", "include", "customer,tags");
        assertThat(r.include()).containsExactly("lines", "tags", "customer");
    }

    @Test
    void twentyIncludesAcceptedTwentyOneRefused() {
        StringBuilder twenty = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            twenty.append("r").append(i).append(',');
        }
        assertThat(parse("include", twenty.toString()).include()).hasSize(20);
        // duplicates do not count
        assertThat(parse("include", twenty + "r0,r1").include()).hasSize(20);
        assertThatThrownBy(() -> parse("include", twenty + "r20"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
                    assertThat(e.getMessage()).isEqualTo("Too many includes (at most 20)");
                });
    }

    @Test
    void resultListsAreImmutable() {
        ReadRequest r = parse("include", "a");
        assertThatThrownBy(() -> r.include().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }
}
