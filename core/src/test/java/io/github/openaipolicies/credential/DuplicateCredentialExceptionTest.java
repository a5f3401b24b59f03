// Licensed under the MIT License.
package io.github.openaipolicies.credential;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuplicateCredentialExceptionTest {
    @Test
    void theMessageNamesTheHeaderAndTheCountAndEndsWithTheAdvice() {
        DuplicateCredentialException e = new DuplicateCredentialException("Authorization", 3, "Set it, do not add it.");

        assertThat(e).hasMessage("The request carries 3 different values of the credential header 'Authorization'; "
            + "it was not sent. Set it, do not add it.");
        assertThat(e.getHeaderName()).isEqualTo("Authorization");
        assertThat(e).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAdviceTheMessageGivesAGenericHint() {
        DuplicateCredentialException e = new DuplicateCredentialException("api-key", 2);

        assertThat(e).hasMessage("The request carries 2 different values of the credential header 'api-key'; it was "
            + "not sent. Something probably adds this header on every try instead of setting it.");
        assertThat(e.getHeaderName()).isEqualTo("api-key");
    }

    @Test
    void theHeaderNameAndTheAdviceAreRequired() {
        assertThatThrownBy(() -> new DuplicateCredentialException(null, 2)).isInstanceOf(NullPointerException.class)
            .hasMessage("'headerName' cannot be null.");
        assertThatThrownBy(() -> new DuplicateCredentialException("api-key", 2, null))
            .isInstanceOf(NullPointerException.class).hasMessage("'advice' cannot be null.");
    }
}
