package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Retry policy and backoff (SPEC §12, G-53). */
class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(30);

    @Test
    void exponentialDoublesFromTheBase() {
        assertThat(policy.delaySeconds("exponential", 1)).isEqualTo(30);
        assertThat(policy.delaySeconds("exponential", 2)).isEqualTo(60);
        assertThat(policy.delaySeconds("exponential", 3)).isEqualTo(120);
        assertThat(policy.delaySeconds("exponential", 4)).isEqualTo(240);
    }

    @Test
    void linearKeepsTheBase() {
        assertThat(policy.delaySeconds("linear", 1)).isEqualTo(30);
        assertThat(policy.delaySeconds("linear", 7)).isEqualTo(30);
    }

    @Test
    void delaysAreCappedAtADay() {
        assertThat(policy.delaySeconds("exponential", 100)).isEqualTo(RetryPolicy.MAX_DELAY_SECONDS);
        assertThat(policy.delaySeconds("exponential", 13)).isEqualTo(RetryPolicy.MAX_DELAY_SECONDS);
        assertThat(new RetryPolicy(5).delaySeconds("exponential", 3)).isEqualTo(20);
    }

    @Test
    void successIsDeliveredWhateverTheAttempt() {
        assertThat(policy.after(true, 1, 3, "exponential")).isEqualTo(new RetryPolicy.Next("delivered", null));
        assertThat(policy.after(true, 5, 3, "linear")).isEqualTo(new RetryPolicy.Next("delivered", null));
    }

    @Test
    void firstFailureRetriesAfterThirtySecondsWhenAttemptsRemain() {
        assertThat(policy.after(false, 1, 3, "exponential")).isEqualTo(new RetryPolicy.Next("retrying", 30L));
        assertThat(policy.after(false, 1, 3, "linear")).isEqualTo(new RetryPolicy.Next("retrying", 30L));
    }

    @Test
    void failureAtOrBeyondMaxAttemptsIsFinal() {
        assertThat(policy.after(false, 1, 1, "exponential")).isEqualTo(new RetryPolicy.Next("failed", null));
        assertThat(policy.after(false, 3, 3, "exponential")).isEqualTo(new RetryPolicy.Next("failed", null));
        assertThat(policy.after(false, 4, 3, "exponential")).isEqualTo(new RetryPolicy.Next("failed", null));
        assertThat(policy.after(false, 2, 3, "exponential")).isEqualTo(new RetryPolicy.Next("retrying", 60L));
    }

    @Test
    void baseMustBePositive() {
        assertThatThrownBy(() -> new RetryPolicy(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
