package dev.myelin.util;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a test of rejected input compares the error message: whole, or by a part of it. */
public enum MessageMatch {
    /** The message is exactly the one given. */
    WHOLE,
    /** The message contains the one given. */
    PART;

    /** Asserts that {@code call} throws an {@link IllegalArgumentException} whose message matches {@code message} this way. */
    public void assertRejected(ThrowingCallable call, String message) {
        var thrown = assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
        if (this == WHOLE) {
            thrown.hasMessage(message);
        } else {
            thrown.hasMessageContaining(message);
        }
    }
}
