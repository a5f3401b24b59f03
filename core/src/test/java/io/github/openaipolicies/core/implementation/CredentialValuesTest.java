// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialValuesTest {
    private static final String AUTHORIZATION = "Authorization";
    private static final String API_KEY = CredentialValues.API_KEY;

    private static final List<String> SCHEMES = List.of("Bearer", "bearer", "Basic", "SharedKey", "x-custom");
    private static final List<String> TOKENS = List.of("a", "eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl", "dXNlcjpwYXNz==",
        "A-b_c~d+e/f", "0");
    private static final List<String> SEPARATORS = List.of(",", ", ", " , ", ",\t", "  ,");

    @Test
    void aRepeatedCredentialCountsOncePerRepeatWhateverTheSchemeTokenAndSeparator() {
        for (String scheme : SCHEMES) {
            for (String token : TOKENS) {
                for (String separator : SEPARATORS) {
                    for (int repeats = 1; repeats <= 4; repeats++) {
                        String credential = scheme + " " + token;
                        String line = String.join(separator, Collections.nCopies(repeats, credential));
                        assertThat(CredentialValues.split(AUTHORIZATION, line)).as(line)
                            .isEqualTo(Collections.nCopies(repeats, credential));
                    }
                }
            }
        }
    }

    @Test
    void differentCredentialsOfTheSameSchemeAreSeparateValues() {
        assertThat(CredentialValues.split(AUTHORIZATION, "Bearer one,Bearer two"))
            .containsExactly("Bearer one", "Bearer two");
        assertThat(CredentialValues.split(AUTHORIZATION, "Bearer one, bearer one"))
            .containsExactly("Bearer one", "bearer one");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Digest username=\"u\", realm=\"x\", nonce=\"y\"",
        "Digest username=u, realm=x",
        "Digest realm=\"a, b\"",
        "Bearer tok",
        "Bearer tok,",
        ",Bearer tok",
        "Bearer tok, Basic tok",
        "Bearer tok, tok",
        "Bearer a=b, Bearer a=b",
        "Bearer  tok extra, Bearer tok extra",
        "Bearer"
    })
    void authorizationValuesThatAreNotRepeatedCompleteCredentialsAreOneValue(String line) {
        assertThat(CredentialValues.split(AUTHORIZATION, line)).containsExactly(line.trim());
    }

    @Test
    void otherHeadersSplitOnlyIntoEqualNonEmptyParts() {
        assertThat(CredentialValues.split(API_KEY, "k, k")).containsExactly("k", "k");
        assertThat(CredentialValues.split(API_KEY, "k,k,k")).containsExactly("k", "k", "k");
        assertThat(CredentialValues.split(API_KEY, "k1, k2")).containsExactly("k1, k2");
        assertThat(CredentialValues.split(API_KEY, "k,")).containsExactly("k,");
        assertThat(CredentialValues.split(API_KEY, ",")).containsExactly(",");
        assertThat(CredentialValues.split(API_KEY, "x\"y,x\"y")).containsExactly("x\"y,x\"y");
        assertThat(CredentialValues.split(API_KEY, "\"a\\\",b\",\"a\\\",b\"")).hasSize(2);
    }

    @Test
    void readsTheLinesByIndexSoThatAnAbsentHeaderCostsNoIterator() {
        assertThat(CredentialValues.ofLines(API_KEY, new IndexOnlyList(List.of()))).isEmpty();
        assertThat(CredentialValues.ofLines(API_KEY, new IndexOnlyList(List.of("k, k", " k2 "))))
            .containsExactly("k", "k", "k2");
        assertThat(CredentialValues.of(API_KEY, new TestHeaders().add(API_KEY, "k"))).containsExactly("k");
    }

    @Test
    void aLineWithoutASeparatorIsItsOwnPartNotACopy() {
        String key = "0123456789abcdef0123456789abcdef";
        String quoted = "Digest realm=\"a,b\"";
        assertThat(CredentialValues.splitOutsideQuotes(key)).singleElement().isSameAs(key);
        assertThat(CredentialValues.splitOutsideQuotes(quoted)).singleElement().isSameAs(quoted);
        assertThat(CredentialValues.splitOutsideQuotes(" k ,\"x\\\",y\", ")).containsExactly("k", "\"x\\\",y\"", "");
    }

    @Test
    void countsEveryLineAndEveryRepeat() {
        TestHeaders headers = new TestHeaders()
            .add(AUTHORIZATION, "Bearer t, Bearer t")
            .add(AUTHORIZATION, "Bearer t")
            .add(API_KEY, "k");
        assertThat(CredentialValues.count(headers, AUTHORIZATION)).isEqualTo(3);
        assertThat(CredentialValues.count(headers, API_KEY)).isEqualTo(1);
        assertThat(CredentialValues.count(headers, CredentialValues.SUBSCRIPTION_KEY)).isZero();
        assertThat(CredentialValues.of(AUTHORIZATION, new TestHeaders().add("authorization", " Bearer t ")
            .add("AUTHORIZATION", "Bearer u"))).containsExactly("Bearer t", "Bearer u");
        assertThat(CredentialValues.of(AUTHORIZATION, HeaderLookup.NONE)).isEmpty();
    }

    /** A list that can be read only by index: iterating it fails, as a regression to an iterator would. */
    static final class IndexOnlyList extends java.util.AbstractList<String> {
        private final List<String> lines;

        IndexOnlyList(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public String get(int index) {
            return lines.get(index);
        }

        @Override
        public int size() {
            return lines.size();
        }

        @Override
        public java.util.Iterator<String> iterator() {
            throw new AssertionError("iterated");
        }
    }
}
